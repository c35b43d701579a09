package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// K9, K46: the machines that share a CMID when the run starts, and the
// warning at each declaring line.
func TestClones(t *testing.T) {
	tests := []struct {
		name, src       string
		machines, cmids int
		warnings        []string // each a substring of one warning, in order
	}{
		{"none", `
duration: 30d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: pcs, count: 30, product: windows-11}
  - {group: one, count: 1, product: windows-11, shared_cmid: true}
`, 0, 0, nil},
		{"shared_cmid", `
duration: 30d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: pcs, count: 10, product: windows-11}
  - {group: lab, count: 30, product: windows-11, shared_cmid: true}
`, 30, 1, []string{"clones.yaml:6: fleet[1].shared_cmid: group lab (shared_cmid): 30 machines share 1 CMID: a host counts each once (K9, K46)"}},
		{"pool and template", `
duration: 30d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet:
  - {group: vdi, count: 40, product: windows-11, pooled: {refresh: 1d, generalize: false}}
sites:
  - name: branch
    instances: 5
    hosts: [{name: kms, keys: [windows-server-2025]}]
    fleet:
      - {group: lab, count: 12, product: windows-11, shared_cmid: true}
`, 100, 6, []string{
			"clones.yaml:5: fleet[0].pooled: group vdi (pooled, not generalized): 40 machines share 1 CMID",
			"clones.yaml:11: sites[0].fleet[0].shared_cmid: group lab (shared_cmid): 60 machines share 5 CMIDs",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("clones.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			m, c := CloneTotals(s.Clones())
			if m != tt.machines || c != tt.cmids {
				t.Errorf("CloneTotals = %d machines, %d CMIDs; want %d, %d", m, c, tt.machines, tt.cmids)
			}
			ws := s.Warnings()
			if len(ws) != len(tt.warnings) {
				t.Fatalf("warnings %v, want %d", ws, len(tt.warnings))
			}
			for i, w := range ws {
				if !strings.Contains(w.Error(), tt.warnings[i]) {
					t.Errorf("warning %d:\n%v\nwant it to contain:\n%s", i, w, tt.warnings[i])
				}
			}
		})
	}
}

// K9, K46: inventory machines (with a state) that name one CMID are
// clones: three machines on lines 2, 4 and 5 share one, two others have
// their own.
func TestInventoryClones(t *testing.T) {
	dir := t.TempDir()
	csv := `name,cmid,product,group,state,until,next,host
pc-01,00000000-0000-4000-8000-000000000001,windows-11,pcs,licensed,150d,3d,kms1
pc-02,00000000-0000-4000-8000-000000000002,windows-11,pcs,licensed,150d,3d,kms1
pc-03,00000000-0000-4000-8000-000000000001,windows-11,pcs,licensed,150d,3d,kms1
pc-04,00000000-0000-4000-8000-000000000001,windows-11,lab,licensed,150d,3d,kms1
pc-05,00000000-0000-4000-8000-000000000005,windows-11,lab,licensed,150d,3d,kms1
`
	yaml := `duration: 30d
hosts: [{name: kms1, keys: [windows-server-2025]}]
fleet_from:
  file: fleet.csv
`
	os.WriteFile(filepath.Join(dir, "fleet.csv"), []byte(csv), 0o644)
	os.WriteFile(filepath.Join(dir, "now.yaml"), []byte(yaml), 0o644)
	s, err := Load(filepath.Join(dir, "now.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if m, c := CloneTotals(s.Clones()); m != 3 || c != 1 {
		t.Errorf("CloneTotals = %d machines, %d CMIDs; want 3, 1", m, c)
	}
	ws := s.Warnings()
	want := "now.yaml:4: fleet_from.file: CMID 00000000-0000-4000-8000-000000000001 of inventory lines 2, 4, 5: 3 machines share 1 CMID"
	if len(ws) != 1 || !strings.Contains(ws[0].Error(), want) {
		t.Errorf("warnings %v, want one containing %q", ws, want)
	}
}
