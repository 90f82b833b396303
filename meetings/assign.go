package meetings

// cost is a lexicographic cost: the first component matters most. Added
// componentwise and compared lexicographically, costs form an ordered
// group, which is all the assignment algorithm needs; so several criteria
// are weighed in strict priority without choosing numeric weights.
type cost [6]int64

func (a cost) add(b cost) cost {
	for i := range a {
		a[i] += b[i]
	}
	return a
}

func (a cost) sub(b cost) cost {
	for i := range a {
		a[i] -= b[i]
	}
	return a
}

func (a cost) less(b cost) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// infinite is above any real cost.
func infinite() cost { return cost{1 << 60} }

// assign solves the assignment problem (Hungarian algorithm, O(n²m)): it
// gives each of the n rows a distinct column among m >= n, minimising the
// total cost, and returns the column of each row. Among equal totals the
// choice is deterministic.
func assign(c [][]cost, m int) []int {
	n := len(c)
	u, v := make([]cost, n+1), make([]cost, m+1)
	p, way := make([]int, m+1), make([]int, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]cost, m+1)
		for j := range minv {
			minv[j] = infinite()
		}
		used := make([]bool, m+1)
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], infinite(), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				cur := c[i0-1][j-1].sub(u[i0]).sub(v[j])
				if cur.less(minv[j]) {
					minv[j], way[j] = cur, j0
				}
				if minv[j].less(delta) {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] = u[p[j]].add(delta)
					v[j] = v[j].sub(delta)
				} else {
					minv[j] = minv[j].sub(delta)
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	col := make([]int, n)
	for j := 1; j <= m; j++ {
		if p[j] != 0 {
			col[p[j]-1] = j - 1
		}
	}
	return col
}
