package peer

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/konbit/konbit/sync/crdt"
)

// Certificate makes the self-signed X.509 certificate of a device: its
// Ed25519 key, signed by itself. Nothing in it but the key matters to a
// peer (there is no CA and no expiry to check): its validity spans a wide
// range so a laptop with a wrong clock is not refused.
func Certificate(id crdt.Identity) (tls.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("device certificate: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "konbit device " + id.Device().String()},
		NotBefore:    time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, id.Public(), id.Private)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("device certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("device certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: id.Private, Leaf: leaf}, nil
}

// TLSConfig is the TLS configuration of a device, for either side of a
// connection: TLS 1.3 only, the device certificate, the peer's required
// and checked by VerifyDeviceCertificate (there is no CA, hence
// InsecureSkipVerify, which only turns off chain verification), and no
// session resumption, so every connection proves both keys afresh.
func TLSConfig(id crdt.Identity) (*tls.Config, error) {
	cert, err := Certificate(id)
	if err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion:             tls.VersionTLS13,
		MaxVersion:             tls.VersionTLS13,
		Certificates:           []tls.Certificate{cert},
		ClientAuth:             tls.RequireAnyClientCert,
		InsecureSkipVerify:     true, // no CA: VerifyPeerCertificate checks the pinned device key
		VerifyPeerCertificate:  VerifyDeviceCertificate,
		SessionTicketsDisabled: true,
		ServerName:             "konbit",
		NextProtos:             []string{"konbit/1"},
	}, nil
}

// VerifyDeviceCertificate checks that the peer presented exactly one
// certificate, a well-formed X.509 certificate with an Ed25519 key that
// signed it (self-signed). TLS 1.3 has already checked that the peer holds
// the key.
func VerifyDeviceCertificate(raw [][]byte, _ [][]*x509.Certificate) error {
	_, err := parseDeviceCert(raw)
	return err
}

func parseDeviceCert(raw [][]byte) (ed25519.PublicKey, error) {
	if len(raw) != 1 {
		return nil, fmt.Errorf("%w: want exactly one certificate, got %d", ErrBadCertificate, len(raw))
	}
	c, err := x509.ParseCertificate(raw[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCertificate, err)
	}
	pub, ok := c.PublicKey.(ed25519.PublicKey)
	if !ok || c.PublicKeyAlgorithm != x509.Ed25519 || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: key is not Ed25519", ErrBadCertificate)
	}
	if c.SignatureAlgorithm != x509.PureEd25519 {
		return nil, fmt.Errorf("%w: not signed with Ed25519", ErrBadCertificate)
	}
	if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
		return nil, fmt.Errorf("%w: not self-signed: %v", ErrBadCertificate, err)
	}
	return pub, nil
}

// PeerKey returns the device key and id of the other side of a completed
// TLS handshake.
func PeerKey(cs tls.ConnectionState) (ed25519.PublicKey, crdt.DeviceID, error) {
	if !cs.HandshakeComplete {
		return nil, crdt.DeviceID{}, errors.New("TLS handshake not complete")
	}
	if cs.Version != tls.VersionTLS13 {
		return nil, crdt.DeviceID{}, fmt.Errorf("%w: TLS version %x, want 1.3", ErrBadCertificate, cs.Version)
	}
	raw := make([][]byte, len(cs.PeerCertificates))
	for i, c := range cs.PeerCertificates {
		raw[i] = c.Raw
	}
	pub, err := parseDeviceCert(raw)
	if err != nil {
		return nil, crdt.DeviceID{}, err
	}
	return pub, crdt.DeviceIDFromPublicKey(pub), nil
}
