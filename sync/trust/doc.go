// Package trust holds the pure rules of the group's roster of devices:
// which laptops belong to the group, and so whose changes a replica
// merges. It has no storage and no I/O.
//
// Each replica trusts itself. The roster is that root plus every device an
// admission record names, minus the removed devices. Admissions and
// removals are ordinary replicated records (types device_admission and
// device_removal), written in changes signed by their author: a replica
// only stores a change after judging its origin against the roster, so
// every stored admission was written by a device already admitted, and
// the roster is transitive (A admitted B, B admitted C: C is on it).
//
// Judging a batch (Roster.Judge) sorts its changes into three piles:
//   - accepted: the origin is on the roster, as extended by the
//     admissions carried by accepted changes of the same batch (computed
//     to a fixpoint, so the order of a batch never matters);
//   - held: the origin is not (yet) admitted; the caller keeps such
//     changes aside and judges them again when more arrives;
//   - refused: the origin was removed and the change came after its
//     removal (sequence number above the removal's cut), or the change
//     forges a roster record (writes one in another device's name,
//     removes its own origin, deletes or retypes one), writes another
//     laptop's device record (konbit.DeviceRecordID: its name and the
//     key-exchange key the group key is sealed to are its own to say),
//     or writes a group key grant in another device's name.
//
// Each remover writes its own removal record (RemovalID(device, by)); of
// several removals of one device the roster keeps the smallest cut, so
// neither a later removal nor the removed laptop can raise it.
//
// A removal is sticky: no admission undoes it (a reinstalled laptop has a
// new key, hence a new id). The removals a batch carries are applied
// after the admissions it carries: a batch is judged first without its
// own removals, then once more with the removals its accepted changes
// carry, which keeps the result independent of the batch's order even
// when two devices remove each other concurrently.
package trust
