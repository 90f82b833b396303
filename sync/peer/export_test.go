package peer

// Bridges for the external tests: the decoders (fuzzed) and raw frames
// (for peers that break the protocol).

var (
	ReadFrame   = readFrame
	WriteFrame  = writeFrame
	PairingCode = pairingCode
)

const (
	MsgHello  = msgHello
	MsgVector = msgVector
	MsgBatch  = msgBatch
	MsgAck    = msgAck
	MsgDone   = msgDone
	MsgRefuse = msgRefuse
)

// Decoders returns every message decoder with an encoder of its result,
// by message name: decode(p) then encode gives p back when p is canonical.
func Decoders() map[string]func(p []byte) ([]byte, error) {
	return map[string]func([]byte) ([]byte, error){
		"hello": func(p []byte) ([]byte, error) {
			h, err := decodeHello(p)
			return h.encode(), err
		},
		"reason": func(p []byte) ([]byte, error) {
			s, err := decodeReason(p)
			return encodeReason(s), err
		},
		"vector": func(p []byte) ([]byte, error) {
			v, err := decodeVector(p)
			return encodeVector(v), err
		},
		"ack": func(p []byte) ([]byte, error) {
			a, err := decodeAck(p)
			return a.encode(), err
		},
		"count": func(p []byte) ([]byte, error) {
			n, err := decodeCount(p)
			return encodeCount(n), err
		},
		"pairhello": func(p []byte) ([]byte, error) {
			h, err := decodePairHello(p)
			return h.encode(), err
		},
		"nonce": func(p []byte) ([]byte, error) {
			n, err := decode32(p)
			return n[:], err
		},
		"code": func(p []byte) ([]byte, error) {
			c, err := decodeCode(p)
			return []byte(c), err
		},
		"pairresult": func(p []byte) ([]byte, error) {
			r, err := decodePairResult(p)
			return r.encode(), err
		},
	}
}

// EncodeHello encodes a session hello.
func EncodeHello(h Hello) []byte { return hello(h).encode() }

// Hello is the session hello, for tests.
type Hello hello

// EncodeVectorMsg encodes a vector message.
var EncodeVectorMsg = encodeVector

// Unchecked makes a joiner send the typed code without comparing it with
// its own first, as a hostile joiner would.
func Unchecked(c PairConfig) PairConfig {
	c.sendUnchecked = true
	return c
}

// CapLoopback applies Config.MaxPerHost to loopback connections, which
// tests have only.
func CapLoopback(c Config) Config {
	c.capLoopback = true
	return c
}
