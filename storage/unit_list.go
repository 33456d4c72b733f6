package storage

import "fmt"

// UnitNode is a unit in a listing of the tree, with its depth in that
// listing: 0 for the unit the listing starts from (or for a root).
type UnitNode struct {
	Unit
	Depth int
}

// UnitTree returns the unit with id rootID and every unit below it, or
// with rootID 0 the whole tree, depth first: each unit is followed by its
// children in import order. It returns ErrNotFound for an unknown id.
func (tx *Tx) UnitTree(rootID int64) ([]UnitNode, error) {
	all, err := tx.units(`SELECT ` + unitCols + ` FROM units ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("unit tree: %w", err)
	}
	children := map[int64][]Unit{}
	var start []Unit
	for _, u := range all {
		children[u.ParentID] = append(children[u.ParentID], u)
		if u.ID == rootID {
			start = []Unit{u}
		}
	}
	if rootID == 0 {
		start = children[0]
	} else if start == nil {
		return nil, fmt.Errorf("unit tree of %d: %w", rootID, ErrNotFound)
	}
	var out []UnitNode
	seen := map[int64]bool{}
	var walk func(u Unit, depth int)
	walk = func(u Unit, depth int) {
		if seen[u.ID] { // a loop, which imports never allow
			return
		}
		seen[u.ID] = true
		out = append(out, UnitNode{Unit: u, Depth: depth})
		for _, c := range children[u.ID] {
			walk(c, depth+1)
		}
	}
	for _, u := range start {
		walk(u, 0)
	}
	return out, nil
}
