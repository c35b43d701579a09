package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The example inventory becomes five groups and two retirements.
func TestInventoryExample(t *testing.T) {
	s, err := Load(filepath.Join("..", "testdata", "inventory", "branch.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		count  int
		prod   Product
		method Method
		mak    string
		trips  bool
	}
	wants := map[string]want{
		"branch-windows-7-kms":             {22, Windows7, MethodKMS, "", false},
		"branch-laptops-windows-7-kms":     {6, Windows7, MethodKMS, "", true},
		"lab":                              {12, Windows7, MethodMAK, "lab-mak", false},
		"branch-laptops-windows-7-oem":     {2, Windows7, MethodOEM, "", true},
		"branch-windows-server-2008r2-kms": {2, WindowsServer2008R2, MethodKMS, "", false},
	}
	if len(s.Fleet) != len(wants) {
		t.Fatalf("%d groups, want %d", len(s.Fleet), len(wants))
	}
	for _, g := range s.Fleet {
		w, ok := wants[g.Name]
		if !ok {
			t.Fatalf("unexpected group %q", g.Name)
		}
		if g.Count != w.count || g.Product != w.prod || g.Activation != w.method || g.MAK != w.mak || (g.Presence != nil) != w.trips || g.Join.Over != 7*Day {
			t.Errorf("group %s: %+v", g.Name, g)
		}
	}
	// Retired on 2027-03-01, day 56 of a scenario that starts 2027-01-04.
	if len(s.Events) != 2 || s.Events[0].At != 56*Day || s.Events[0].Decommission.Group != "branch-windows-7-kms" || s.Events[0].Decommission.Count != 1 {
		t.Fatalf("events: %+v", s.Events)
	}
}

func TestInventoryErrors(t *testing.T) {
	const scenario = "duration: 100d\nstart: 2027-01-04\nfleet_from: {file: inv.csv}\n"
	tests := []struct{ csv, want string }{
		{"", "inv.csv: the inventory is empty"},
		{"name,product\nA,windows-7\n", "inv.csv:1: the header lacks group (or site) (it has name, product)"},
		{"name,product,group\n", "inv.csv: the inventory lists no machine"},
		{"Name,Product,Group,Owner\nA,windows-7,g,x\nB,windows-99,g,x\n,windows-7,g,x\nA,windows-7,g,x\nC,windows-7,,x\n",
			"inv.csv:3: B: unknown product \"windows-99\"|inv.csv:4: the machine has no name|inv.csv:5: machine \"A\" is listed twice for windows-7 (first on line 2)|inv.csv:6: C: group \"\" may hold only"},
		{"name,product,site,laptop,retire,activation\nA,windows-7,s,maybe,,\nB,windows-7,s,,2026-12-01,\nC,windows-7,s,,soon,\nD,windows-7,s,,,kmz\n",
			"inv.csv:2: A: laptop is \"maybe\": write yes or no|inv.csv:3: B: retire: 2026-12-01 is before the scenario's start, 2027-01-04|inv.csv:4: C: retire: want a date (YYYY-MM-DD) or a day such as 90d, got \"soon\"|inv.csv:5: D: unknown activation \"kmz\""},
		{"name,product,group\nA,windows-7,g\n\"B,windows-7,g\n", "inv.csv:3: not valid CSV"},
		// Machines with a state (kmssim import's inventories).
		{"name,product,group,state\nA,windows-11,g,licensed\n", "inv.csv:1: with a state column the header needs cmid, until, next too"},
		{"name,product,group,state,cmid,until,next,host\nA,windows-11,g,activated,x,1d,1d,\nB,windows-11,g,licensed,,,1d,\nC,windows-11,g,notification,y,3d,,\nD,windows-11,g,licensed,z,0s,soon,",
			"inv.csv:2: A: unknown state \"activated\" (one of initial_grace, licensed, out_of_tolerance_grace, notification)|inv.csv:3: B: cmid is empty|inv.csv:3: B: until is empty|inv.csv:4: C: until must be empty in notification|inv.csv:5: D: until must be after the start|inv.csv:5: D: next: "},
		{"name,product,group,state,cmid,until,next,host\nE,windows-11,g,licensed,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,9d,1h,kms9\n", "inv.csv:2: E: host \"kms9\" is not a host of the scenario (it has none)"},
		// What is made from the rows is reported at the row, or at the
		// fleet_from field it took, not at fleet[0] or events[1].
		{"name,product,group,retire,activation\npc1,windows-11,g,,mak\npc2,windows-11,g,400d,\n",
			"inv.csv:3: pc2: retire: 400d is after the end of the scenario (duration 100d)|s.yaml:3: fleet_from.mak: group g-mak (inv.csv:2): activation: mak needs a key"},
		// A CMID is a GUID; a state lasts at most as long as the model allows.
		{"name,product,group,state,cmid,until,next,host\nF,windows-11,g,licensed,hello,9d,1h,\n", "inv.csv:2: F: cmid \"hello\" is not a CMID: want a GUID"},
		{"name,product,group,state,cmid,until,next,host\nG,windows-11,g,licensed,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,400d,1h,\n", "inv.csv:2: G: until 400d is past the validity (180d): an activation lasts that long at most from its last renewal (K7)"},
		{"name,product,group,state,cmid,until,next,host\nH,windows-11,g,initial_grace,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,90d,1h,\n", "inv.csv:2: H: until 90d is past the grace (30d): initial_grace lasts that long at most from the install (K3)"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "inv.csv"), []byte(tt.csv), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(scenario), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(filepath.Join(dir, "s.yaml"))
		got := ""
		if err != nil {
			got = strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		}
		for _, w := range strings.Split(tt.want, "|") {
			if !strings.Contains(got, w) {
				t.Errorf("inventory %q: error\n%s\nlacks %q", tt.csv, got, w)
			}
		}
	}
	// A file that is not there is reported at the scenario's line.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(scenario), 0o644)
	if _, err := Load(filepath.Join(dir, "s.yaml")); err == nil || !strings.Contains(err.Error(), "s.yaml:3: fleet_from.file: cannot read the inventory") {
		t.Errorf("missing inventory: %v", err)
	}
}

// FuzzReadInventory checks that readInventory never panics and that the
// rows it accepts are valid machines.
func FuzzReadInventory(f *testing.F) {
	// Small seeds: the fuzzer minimizes every input that finds new
	// coverage, for up to a minute, and the 2 KB sample inventory kept it
	// minimizing instead of exploring. Its header and first rows do.
	data, err := os.ReadFile(filepath.Join("..", "testdata", "inventory", "branch-assets.csv"))
	if err != nil {
		f.Fatal(err)
	}
	head := bytes.SplitAfterN(data, []byte("\n"), 4)
	f.Add(bytes.Join(head[:3], nil))
	f.Add([]byte("name,product,group,state,cmid,until,next,host\nA,windows-11,g,licensed,0b9c1a52-5f0e-4d7a-9a53-2f1c8e7d4a01,9d,1h,kms1\n"))
	f.Add([]byte("name,product,group\nA,windows-7,g\n"))
	f.Add([]byte("name,product,site,laptop,retire\nA,windows-7,s,yes,2027-02-01\n"))
	f.Add([]byte("\ufeffNAME;PRODUCT\n\"x"))
	start := Date{time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := readInventory("fuzz.csv", bytes.NewReader(data), start)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.name == "" || !r.product.Known() || !nameRE.MatchString(r.group) || r.retire != nil && *r.retire < 0 {
				t.Fatalf("accepted a bad row %+v", r)
			}
		}
	})
}

// An inventory is a regular file in the scenario's folder: devices,
// FIFOs, files elsewhere and symlinks out of the folder are refused before
// anything is read, and no message quotes a runaway field whole.
func TestInventoryIsConfined(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("name,product,group\nSECRET,windows-7,a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(dir, "link.csv")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 10000)
	if err := os.WriteFile(filepath.Join(dir, "long.csv"), []byte("name,product,group\nPC1,"+long+",a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ file, want string }{
		{"/dev/zero", "the inventory must be in the scenario's folder"},
		{"../../../../../etc/passwd", "the inventory must be in the scenario's folder"},
		{filepath.Join(outside, "secret.csv"), "the inventory must be in the scenario's folder"},
		{"link.csv", "the inventory must be in the scenario's folder"},
		{"fifo.csv", "fifo.csv is not a regular file"},
		{"long.csv", `unknown product "` + strings.Repeat("x", 80) + `…"`},
	} {
		path := filepath.Join(dir, "scn.yaml")
		src := "duration: 10d\nfleet_from: {file: " + strconv.Quote(tt.file) + "}\n"
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "SECRET") || len(err.Error()) > 2000 {
			t.Errorf("%s: error (%d bytes) %v, want %q", tt.file, len(fmt.Sprint(err)), err, tt.want)
		}
	}
}

// Options.Inventories names the folders, besides the scenario's, from
// which an inventory may be read; anything else stays refused.
func TestInventoryFolders(t *testing.T) {
	dir, shared, other := t.TempDir(), t.TempDir(), t.TempDir()
	for _, d := range []string{shared, other} {
		if err := os.WriteFile(filepath.Join(d, "assets.csv"), []byte("name,product,group\nPC1,windows-7,a\nPC2,windows-7,a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "scn.yaml")
	for _, tt := range []struct {
		file    string
		folders []string
		want    string // the error's, or "" for two machines in group a
	}{
		{filepath.Join(shared, "assets.csv"), nil, "move it there, or name its folder with -inventories"},
		{filepath.Join(shared, "assets.csv"), []string{shared}, ""},
		{filepath.Join(other, "assets.csv"), []string{shared}, "the inventory must be in the scenario's folder or an -inventories folder"},
		{"/etc/passwd", []string{shared}, "the inventory must be in the scenario's folder or an -inventories folder"},
		{filepath.Join(shared, "assets.csv"), []string{filepath.Join(shared, "missing")}, "inventory folder"},
	} {
		src := "duration: 10d\nhosts: [{name: kms, keys: [windows-server-2008r2]}]\ndns: [{name: corp.example}]\nfleet_from: {file: " + strconv.Quote(tt.file) + "}\n"
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		scn, err := Options{Inventories: tt.folders}.Load(path)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s with %v: %v", tt.file, tt.folders, err)
		case tt.want == "" && (len(scn.Fleet) != 1 || scn.Fleet[0].Count != 2):
			t.Errorf("%s with %v: fleet %+v", tt.file, tt.folders, scn.Fleet)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s with %v: error %v, want %q", tt.file, tt.folders, err, tt.want)
		}
	}
}

// A file read through its limit fails when it holds more, even if it grew
// after it was opened: an inventory is streamed, never read without end.
func TestReadThroughLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inv.csv")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	var large *TooLargeError
	if _, err := openLimited(path, 50); !errors.As(err, &large) || large.Size != 100 {
		t.Errorf("open of 100 bytes with a limit of 50: %v", err)
	}
	r, err := openLimited(path, 150)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.Write(bytes.Repeat([]byte("y"), 100)) // it grows to 200 bytes
	f.Close()
	data, err := io.ReadAll(r)
	if !errors.As(err, &large) || large.Limit != 150 || len(data) > 151 {
		t.Errorf("read %d bytes, error %v; want a *TooLargeError past 150", len(data), err)
	}
}

// An inventory too large to read is named in the message, with its size.
func TestInventoryTooLargeNamed(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "inv.csv")
	f, err := os.Create(inv)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxInventorySize + 1); err != nil { // sparse
		t.Fatal(err)
	}
	f.Close()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("duration: 30d\nfleet_from: {file: inv.csv}\n"), 0o644)
	_, err = Load(filepath.Join(dir, "s.yaml"))
	if err == nil || !strings.Contains(err.Error(), "s.yaml:2: fleet_from.file: cannot read the inventory "+inv+": is ") {
		t.Errorf("error %v, want the inventory's path and size", err)
	}
}
