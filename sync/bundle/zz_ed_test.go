package bundle

import (
	"crypto/ed25519"
	"testing"
)

func BenchmarkZZEd(b *testing.B) {
	id := identity(b, 1)
	msg := make([]byte, 4400)
	sig := ed25519.Sign(id.Private, msg)
	pub := id.Public()
	for b.Loop() {
		ed25519.Verify(pub, msg, sig)
	}
}

func BenchmarkZZEdPar(b *testing.B) {
	id := identity(b, 1)
	msg := make([]byte, 4400)
	sig := ed25519.Sign(id.Private, msg)
	pub := id.Public()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ed25519.Verify(pub, msg, sig)
		}
	})
}
