package discover_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/konbit/konbit/sync/discover"
)

func TestManualPeer(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"192.168.1.20", "192.168.1.20:21046"},
		{" 192.168.1.20:9000 ", "192.168.1.20:9000"},
		{"::1", "[::1]:21046"},
		{"[::1]", "[::1]:21046"},
		{"[fe80::1%eth0]:7", "[fe80::1%eth0]:7"},
		{"fe80::1%eth0", "[fe80::1%eth0]:21046"},
		{"localhost:5000", "127.0.0.1:5000"},
	}
	for _, tt := range tests {
		p, err := discover.ManualPeer(context.Background(), tt.in)
		if err != nil {
			t.Errorf("ManualPeer(%q): %v", tt.in, err)
			continue
		}
		if p.Addr != netip.MustParseAddrPort(tt.want) || p.Via != discover.ViaManual {
			t.Errorf("ManualPeer(%q) = %v via %s, want %s", tt.in, p.Addr, p.Via, tt.want)
		}
	}
	for _, bad := range []string{"", "  ", "1.2.3.4:0", "1.2.3.4:70000", "1.2.3.4:x", ":21046", "1.2.3.4:"} {
		if p, err := discover.ManualPeer(context.Background(), bad); err == nil {
			t.Errorf("ManualPeer(%q) = %v, want an error", bad, p)
		}
	}
}
