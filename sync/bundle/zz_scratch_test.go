package bundle

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestScratchMessages(t *testing.T) {
	data := encode(t, smallBundle(t))
	t.Logf("len %d", len(data))
	for _, n := range []int{0, 5, 9, 13, 20, 100, 150, 200, len(data) - 33, len(data) - 1} {
		_, err := decode(data[:n])
		t.Logf("cut %d: %v", n, err)
	}
	for _, i := range []int{3, 9, 12, 20, 60, 120, 150, 200, len(data) - 40, len(data) - 1} {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0xff
		_, err := decode(bad)
		t.Logf("flip %d: %v", i, err)
	}
	bad := append([]byte(nil), data...)
	binary.BigEndian.PutUint16(bad[8:], 2)
	_, err := decode(bad)
	t.Logf("v2: %v", err)
	_, err = decode(append(data, 1, 2))
	t.Logf("trailing: %v", err)
	b := smallBundle(t)
	b.Changes[1].Ops[0].Type = "x"
	_, err = decode(encode(t, b))
	t.Log(err)
	bb, _ := decode(encode(t, b))
	t.Log(Verify(bb, nil))
	_ = bytes.MinRead
}
