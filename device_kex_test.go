package konbit_test

import (
	"bytes"
	"testing"

	"github.com/konbit/konbit"
)

func TestDeviceKexField(t *testing.T) {
	kex := bytes.Repeat([]byte{7}, konbit.KexSize)
	f, err := konbit.DeviceKexField(kex)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != konbit.FieldKex {
		t.Fatalf("field name %q", f.Name)
	}
	got := konbit.DeviceKexFromFields(map[string][]byte{f.Name: f.Value})
	if !bytes.Equal(got, kex) {
		t.Fatalf("round trip %x", got)
	}
	if _, err := konbit.DeviceKexField(kex[:5]); err == nil {
		t.Fatal("short key accepted")
	}
	if konbit.DeviceKexFromFields(map[string][]byte{konbit.FieldKex: {1, 2}}) != nil {
		t.Fatal("short key decoded")
	}
	if konbit.DeviceKexFromFields(nil) != nil {
		t.Fatal("missing key decoded")
	}
}
