package replica_test

import (
	"os"
	"testing"
)

// TestMain removes the five-year database the benchmarks built, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if fiveYearsDir != "" {
		os.RemoveAll(fiveYearsDir)
	}
	os.Exit(code)
}
