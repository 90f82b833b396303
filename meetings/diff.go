package meetings

import "strings"

// DiffKind is what a diff operation does.
type DiffKind string

// Diff operations.
const (
	Equal  DiffKind = "equal"
	Insert DiffKind = "insert"
	Delete DiffKind = "delete"
)

// DiffOp is a run of words kept, inserted or deleted.
type DiffOp struct {
	Kind DiffKind
	Text string // the words, joined by single spaces
}

// Diff compares two wordings word by word (longest common subsequence),
// to show what an amendment changed. Whitespace is not compared: runs of
// words are returned joined by single spaces, and consecutive operations of
// one kind are merged. Within a change, deletions come before insertions.
func Diff(a, b string) []DiffOp {
	x, y := strings.Fields(a), strings.Fields(b)
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []DiffOp
	emit := func(k DiffKind, w string) {
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += " " + w
			return
		}
		ops = append(ops, DiffOp{k, w})
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			emit(Equal, x[i])
			i, j = i+1, j+1
		case j >= len(y) || i < len(x) && lcs[i+1][j] >= lcs[i][j+1]:
			emit(Delete, x[i])
			i++
		default:
			emit(Insert, y[j])
			j++
		}
	}
	return ops
}
