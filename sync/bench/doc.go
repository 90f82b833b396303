// Package bench holds the merge layer's end-to-end benchmark, on a
// workload chosen so its figures compare with other CRDT systems (see
// bench_test.go and the README).
package bench
