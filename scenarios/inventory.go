package scenarios

import (
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Inventory builds fleet groups from a machine list, such as an asset
// database or a VAMT or SCCM export writes: a CSV file with a header row
// and one row per machine.
//
// Columns, by header name (in any order and case; others are ignored):
//
//	name        the machine's name (required, unique)
//	product     what it activates, such as windows-7 (required)
//	group       the group it belongs to (required, or site)
//	site        used as the group when there is no group column
//	laptop      yes/no, true/false, 1/0: laptops get Laptops' presence
//	retire      when it is retired: a date (YYYY-MM-DD, needs start) or a
//	            duration from the start (90d); empty: never
//	activation  kms (the default), mak, oem or token
//
// An inventory can also say where each machine stands when the run
// starts, as kmssim import writes it. With a state column, every machine
// is installed at the start in its own state and none joins later:
//
//	state       initial_grace, licensed, out_of_tolerance_grace or
//	            notification (required)
//	cmid        its client machine id (required; clones share one, K9)
//	until       when that state ends, from the start, such as 171d3h20m
//	            (required but in notification)
//	next        when it next asks a host, from the start, such as 2d4h;
//	            empty: it asks no more (silent, K11)
//	host        the host it last reached (K21), or empty
//
// Machines with the same group, product, laptop flag and activation form
// one fleet group, named after the group with -laptops, -PRODUCT and
// -METHOD added where the group holds more than one kind, and each
// retirement becomes a decommission event of one machine.
type Inventory struct {
	// File is the CSV file, relative to the scenario's file.
	File string `yaml:"file" schema:"required" doc:"The CSV file, relative to the scenario file."`
	// Join is when the machines are installed. Default: all at 0s.
	Join Ramp `yaml:"join" doc:"When the machines are installed. Default: all at 0s."`
	// Laptops is the presence of the machines marked as laptops.
	Laptops *Presence `yaml:"laptops" doc:"The presence of the machines marked as laptops."`
	// MAK is the key (mak_keys) of the machines activated with mak.
	MAK string `yaml:"mak" doc:"The key (mak_keys) of the machines activated with mak."`
}

// MaxInventoryRows bounds an inventory: a larger list is a mistake or
// belongs in a site template.
const MaxInventoryRows = 1_000_000

// inventoryRow is one machine of an inventory.
type inventoryRow struct {
	line       int
	name       string
	group      string
	product    Product
	laptop     bool
	retire     *Duration
	activation Method
	machine    *Machine // with a state column: where it stands at the start
}

// readInventory reads an inventory and returns its rows, or every bad
// row's problem at once, each with the file and line.
func readInventory(file string, in io.Reader, start Date) ([]inventoryRow, error) {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1 // a short row is reported with its line, not as a CSV error
	r.ReuseRecord = false
	cols, err := readInventoryHeader(file, r)
	if err != nil {
		return nil, err
	}
	ir := &inventoryReader{file: file, start: start, inventoryColumns: cols, seen: map[string]int{}}
	var rows []inventoryRow
	var large *TooLargeError
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.As(err, &large) {
			return nil, err
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			ir.errs = append(ir.errs, &FieldError{File: file, Line: line, Msg: "not valid CSV: " + err.Error()})
			break // the reader cannot go on reliably after a quoting error
		}
		line, _ := r.FieldPos(0) // only valid after a record was read
		if len(rows)+len(ir.errs) >= MaxInventoryRows {
			ir.complaint(line)("more than %d machines: use a site template for a fleet this large", MaxInventoryRows)
			break
		}
		if slices.IndexFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) < 0 {
			continue // blank lines are allowed
		}
		if row, ok := ir.row(line, rec); ok {
			rows = append(rows, row)
		}
	}
	if len(ir.errs) > 0 {
		return nil, joinSorted(ir.errs)
	}
	if len(rows) == 0 {
		return nil, &FieldError{File: file, Msg: "the inventory lists no machine"}
	}
	return rows, nil
}

// inventoryColumns is where an inventory's header puts each column.
type inventoryColumns struct {
	col map[string]int // lower-case header name → the first column so named
	// groupCol is "group", or "site" where there is no group column.
	groupCol string
	// stated is true where the machines say where they stand at the start.
	stated bool
}

// readInventoryHeader reads an inventory's header row, and fails where it
// lacks a column every row needs: a file that is not an inventory at all
// gets one message, not one per row.
func readInventoryHeader(file string, r *csv.Reader) (inventoryColumns, error) {
	header, err := r.Read()
	var large *TooLargeError
	if errors.As(err, &large) {
		return inventoryColumns{}, err
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			return inventoryColumns{}, &FieldError{File: file, Msg: "the inventory is empty: it needs a header row, such as name,product,group"}
		}
		return inventoryColumns{}, &FieldError{File: file, Line: 1, Msg: "not a CSV file: " + err.Error()}
	}
	c := inventoryColumns{col: map[string]int{}, groupCol: "group"}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := c.col[h]; !dup {
			c.col[h] = i
		}
	}
	if _, ok := c.col["group"]; !ok {
		c.groupCol = "site"
	}
	var missing []string
	for _, name := range []string{"name", "product", c.groupCol} {
		if _, ok := c.col[name]; !ok {
			if name == "site" {
				name = "group (or site)"
			}
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return inventoryColumns{}, &FieldError{File: file, Line: 1, Msg: fmt.Sprintf("the header lacks %s (it has %s)", strings.Join(missing, ", "), strings.Join(header, ", "))}
	}
	_, c.stated = c.col["state"]
	if c.stated {
		for _, name := range []string{"cmid", "until", "next"} {
			if _, ok := c.col[name]; !ok {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			return inventoryColumns{}, &FieldError{File: file, Line: 1, Msg: fmt.Sprintf("with a state column the header needs %s too", strings.Join(missing, ", "))}
		}
	}
	return c, nil
}

// inventoryReader reads an inventory's rows after its header, gathering
// every row's problems so that one pass reports them all.
type inventoryReader struct {
	file  string
	start Date // for retirements given as dates
	inventoryColumns
	// seen is the line of each name and product already read: a machine
	// may be listed once per licence it holds (K12).
	seen map[string]int
	errs []error
}

// complaint returns what reports a problem of the row on line. It clips
// the row's fields that a message quotes, so that a runaway field cannot
// swamp the message; a message already made is not clipped.
func (ir *inventoryReader) complaint(line int) func(format string, args ...any) {
	return func(format string, args ...any) {
		for i, a := range args {
			if s, ok := a.(string); ok {
				args[i] = words.Clip(s)
			}
		}
		ir.errs = append(ir.errs, &FieldError{File: ir.file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

// row reads the machine of one inventory row, and reports false where
// any of its fields is wrong.
func (ir *inventoryReader) row(line int, rec []string) (inventoryRow, bool) {
	get := func(c string) string {
		if i, ok := ir.col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	bad := ir.complaint(line)
	row := inventoryRow{line: line, name: get("name"), group: get(ir.groupCol), product: Product(get("product")), activation: MethodKMS}
	named := ir.identity(&row, bad)
	termed := ir.terms(&row, get, bad)
	return row, named && termed
}

// identity checks what a row's machine is: its name, once per product
// (K12), its group and its product. It reports false on a problem.
func (ir *inventoryReader) identity(row *inventoryRow, bad func(string, ...any)) bool {
	ok := true
	key := row.name + "\x00" + string(row.product)
	switch {
	case row.name == "":
		bad("the machine has no name")
		ok = false
	case ir.seen[key] > 0:
		// A machine may hold two licences, Windows and Office (K12).
		bad("machine %q is listed twice for %s (first on line %d)", row.name, message(words.Clip(string(row.product))), ir.seen[key])
		ok = false
	default:
		ir.seen[key] = row.line
	}
	if !nameRE.MatchString(row.group) {
		bad("%s: %s %q may hold only letters, digits, '.', '_' and '-', and not be empty", row.name, ir.groupCol, row.group)
		ok = false
	}
	if !row.product.Known() {
		bad("%s: %s", row.name, message(unknown("product", Product(words.Clip(string(row.product))), Products)))
		ok = false
	}
	return ok
}

// terms reads how a row's machine lives: whether it is a laptop, how it
// activates, when it retires and, with a state column, where it stands at
// the start (K9, K11, K21). It reports false on a problem.
func (ir *inventoryReader) terms(row *inventoryRow, get func(string) string, bad func(string, ...any)) bool {
	ok := true
	switch strings.ToLower(get("laptop")) {
	case "", "no", "false", "0", "n":
	case "yes", "true", "1", "y", "x":
		row.laptop = true
	default:
		bad("%s: laptop is %q: write yes or no", row.name, get("laptop"))
		ok = false
	}
	if m := Method(strings.ToLower(get("activation"))); m != "" {
		switch {
		case !slices.Contains(Methods, m):
			bad("%s: unknown activation %q (one of %s)", row.name, m, list(Methods))
			ok = false
		case m == MethodPayg && row.product.Known() && paygMisfit(row.product) != "":
			bad("%s: %s", row.name, paygMisfit(row.product))
			ok = false
		}
		row.activation = m
	}
	if v := get("retire"); v != "" {
		d, err := retireTime(v, ir.start)
		if err != nil {
			bad("%s: retire: %v", row.name, err)
			ok = false
		}
		row.retire = &d
	}
	if ir.stated {
		m, problems := readMachine(row.name, row.line, get)
		m.Group = row.group
		for _, p := range problems {
			bad("%s: %s", row.name, message(p))
		}
		ok = ok && len(problems) == 0
		row.machine = m
	}
	return ok
}

// retireTime reads a retirement: a date, or a duration from the start.
func retireTime(v string, start Date) (Duration, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		if start.IsZero() {
			return 0, fmt.Errorf("the date %s needs the scenario's start; or write the day, such as 90d", v)
		}
		if t.Before(start.Time) {
			return 0, fmt.Errorf("%s is before the scenario's start, %s", v, start)
		}
		return Duration(t.Sub(start.Time) / time.Second), nil
	}
	d, err := ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("want a date (YYYY-MM-DD) or a day such as 90d, got %q", v)
	}
	return d, nil
}

// expandInventory reads the scenario's inventory, relative to its file,
// from the scenario's folder or one of folders, and adds its groups and
// retirements to the scenario's own site.
func (s *Scenario) expandInventory(o Options) error {
	if s.FleetFrom == nil {
		return nil
	}
	path, rows, err := s.loadInventory(o)
	if err != nil {
		return err
	}
	if err := s.checkMachines(path, rows); err != nil {
		return err
	}
	s.addInventory(path, rows)
	return nil
}

// loadInventory opens and reads the scenario's inventory, and returns its
// path and rows. It refuses a file outside the folders allowed, so that a
// scenario cannot make kmssim read any file it names.
func (s *Scenario) loadInventory(o Options) (string, []inventoryRow, error) {
	path := s.FleetFrom.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(s.File), path)
	}
	own := filepath.Dir(s.File)
	if o.NotOwnFolder {
		own = ""
	}
	err := insideFolder(own, o.Inventories, path)
	var f io.ReadCloser
	if err == nil {
		f, err = openInventory(path)
	}
	if err != nil {
		return "", nil, &FieldError{File: s.File, Line: s.lines.line("fleet_from.file"), Path: "fleet_from.file", Msg: fmt.Sprintf("cannot read the inventory %s: %v", path, err)}
	}
	defer f.Close()
	rows, err := readInventory(path, f, s.Start) // streamed: a row at a time
	var large *TooLargeError
	if errors.As(err, &large) {
		return "", nil, &FieldError{File: s.File, Line: s.lines.line("fleet_from.file"), Path: "fleet_from.file", Msg: fmt.Sprintf("cannot read the inventory: %s %v", path, err)}
	}
	if err != nil {
		return "", nil, err
	}
	return path, rows, nil
}

// addInventory adds to the scenario one fleet group per group, product,
// laptop flag and activation of the inventory at path, and one
// decommission event per machine that retires.
func (s *Scenario) addInventory(path string, rows []inventoryRow) {
	inv := s.FleetFrom
	type kind struct {
		group      string
		product    Product
		laptop     bool
		activation Method
	}
	products, methods := inventoryVariety(rows)
	index := map[kind]int{}
	for _, r := range rows {
		k := kind{r.group, r.product, r.laptop, r.activation}
		gi, ok := index[k]
		if !ok {
			name := r.group
			if r.laptop {
				name += "-laptops"
			}
			if len(products[r.group]) > 1 {
				name += "-" + string(r.product)
			}
			if len(methods[r.group]) > 1 {
				name += "-" + string(r.activation)
			}
			g := Group{Name: name, Product: r.product, Join: inv.Join, Activation: r.activation}
			if r.activation == MethodMAK {
				g.MAK = inv.MAK
			}
			if r.laptop && inv.Laptops != nil {
				p := *inv.Laptops
				g.Presence = &p
			}
			gi = len(s.Fleet)
			index[k] = gi
			s.Fleet = append(s.Fleet, g)
			s.madeFrom(fmt.Sprintf("fleet[%d]", gi), madeFrom{path, r.line, "group " + name, " (made from this row and those like it)"})
		}
		s.Fleet[gi].Count++
		if r.machine != nil {
			s.Fleet[gi].Machines = append(s.Fleet[gi].Machines, *r.machine)
		}
		if r.retire != nil {
			s.madeFrom(fmt.Sprintf("events[%d]", len(s.Events)), madeFrom{path, r.line, words.Clip(r.name) + ": retire", ""})
			s.Events = append(s.Events, Event{At: *r.retire, Decommission: &Decommission{Group: s.Fleet[gi].Name, Count: 1}})
		}
	}
}

// inventoryVariety returns the products and the activations within each
// inventory group: what varies within a group names its fleet groups.
func inventoryVariety(rows []inventoryRow) (products map[string]map[Product]bool, methods map[string]map[Method]bool) {
	products, methods = map[string]map[Product]bool{}, map[string]map[Method]bool{}
	for _, r := range rows {
		if products[r.group] == nil {
			products[r.group], methods[r.group] = map[Product]bool{}, map[Method]bool{}
		}
		products[r.group][r.product] = true
		methods[r.group][r.activation] = true
	}
	return products, methods
}

// madeFrom records that the group or event at path was made from an
// inventory's row, for messages.
func (s *Scenario) madeFrom(path string, m madeFrom) {
	if s.made == nil {
		s.made = map[string]madeFrom{}
	}
	s.made[path] = m
}

// message is a message already made, which bad does not clip as it clips
// the fields of a row.
type message string

// maxInventorySize bounds an inventory file: a CSV of MaxInventoryRows
// machines is far smaller.
const maxInventorySize = 64 * MaxFileSize

// openInventory opens an inventory for reading: a regular file of at
// most maxInventorySize.
func openInventory(path string) (io.ReadCloser, error) {
	f, err := openLimited(path, maxInventorySize)
	if errors.Is(err, ErrDirectory) || errors.Is(err, ErrNotRegular) {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return f, err
}

// insideFolder checks that path, symlinks resolved, lies in own (the
// scenario file's folder; "" for none) or in one of folders (the user's
// -inventories): an inventory named in a scenario someone sent you cannot
// make kmssim read (and quote) any other file on your machine.
func insideFolder(own string, folders []string, path string) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	var dirs []string
	all := folders
	if own != "" {
		all = append([]string{own}, folders...)
	}
	for i, f := range all {
		dir, err := filepath.EvalSymlinks(f)
		if err != nil {
			if own != "" && i == 0 {
				return err
			}
			return fmt.Errorf("inventory folder %s: %w", f, err)
		}
		if rel, err := filepath.Rel(dir, real); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return nil
		}
		dirs = append(dirs, dir)
	}
	switch {
	case own == "":
		return fmt.Errorf("the inventory must be in the working folder or an -inventories folder (%s), or below one", strings.Join(dirs, ", "))
	case len(folders) > 0:
		return fmt.Errorf("the inventory must be in the scenario's folder or an -inventories folder (%s), or below one; move it there", strings.Join(dirs, ", "))
	}
	return fmt.Errorf("the inventory must be in the scenario's folder %s (or below it); move it there, or name its folder with -inventories", dirs[0])
}
