package scenarios

// This is the only file that imports the YAML package, so that a move to
// its maintained successor is a one-line change.

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/kmssim/kmssim/scenarios/words"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Parse decodes a scenario from YAML, fills in the defaults and validates
// it. file names the source in error messages. Unknown keys, wrong types and
// invalid values are all reported at once, each as a *FieldError with its
// line and field path, joined into one error.
func Parse(file string, data []byte) (*Scenario, error) { return Options{}.Parse(file, data) }

// Parse decodes a scenario as the package's Parse does, with o's options.
func (o Options) Parse(file string, data []byte) (*Scenario, error) {
	if len(data) > MaxFileSize {
		return nil, &FieldError{File: file, Msg: fmt.Sprintf("is %s; a scenario file is at most %s", words.Bytes(int64(len(data))), words.Bytes(MaxFileSize))}
	}
	if !utf8.Valid(data) {
		return nil, utf8Error(file, data)
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &FieldError{File: file, Msg: "the file is empty: a scenario needs at least a duration and a fleet"}
		}
		return nil, syntaxError(file, data, err)
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		return nil, &FieldError{File: file, Line: second.Line, Msg: "a second YAML document (after ---) is not allowed: put one scenario in each file"}
	} else if !errors.Is(err, io.EOF) {
		return nil, syntaxError(file, data, err)
	}
	idx := newIndex(&root)
	if doc := root.Content; len(doc) == 1 && doc[0].Kind != yaml.MappingNode {
		return nil, &FieldError{File: file, Line: doc[0].Line, Msg: "a scenario must be a mapping of keys such as name, duration, hosts and fleet"}
	}

	scn := &Scenario{File: file, Source: data, lines: idx}
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	// Unknown keys and wrong types do not stop the reading: the decoder
	// goes on with the rest, so that every problem of the file is
	// reported at once, these with the others.
	var typeErrs []error
	if err := strict.Decode(scn); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, syntaxError(file, data, err)
		}
		for _, msg := range te.Errors {
			typeErrs = append(typeErrs, idx.typeError(file, msg))
		}
	}
	nodeErrs := checkNodes(file, root.Content[0], reflect.TypeOf(Scenario{}), "")
	if err := scn.expandInventory(o); err != nil {
		return nil, joinSorted(slices.Concat(typeErrs, nodeErrs, []error{err}))
	}
	if scn.Name == "" && file != "" {
		base := file[strings.LastIndexAny(file, `/\`)+1:]
		scn.Name = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	}
	scn.SetDefaults()
	// Every problem at once: those of the types, of the nodes and of
	// validation.
	if err := scn.Validate(); err != nil || len(nodeErrs) > 0 || len(typeErrs) > 0 {
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			nodeErrs = append(nodeErrs, joined.Unwrap()...)
		} else if err != nil {
			nodeErrs = append(nodeErrs, err)
		}
		return nil, joinSorted(append(typeErrs, withoutFields(nodeErrs, typeErrs)...))
	}
	return scn, nil
}

// withoutFields returns errs without those about a field that one of
// typeErrs is about already: a value of the wrong type is left at zero,
// which validation would report again, less clearly.
func withoutFields(errs, typeErrs []error) []error {
	bad := map[string]bool{}
	for _, e := range typeErrs {
		if fe, ok := e.(*FieldError); ok && fe.Path != "" {
			bad[fe.Path] = true
		}
	}
	var out []error
	for _, e := range errs {
		if fe, ok := e.(*FieldError); ok && bad[fe.Path] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// utf8Error locates the first byte of data that is not UTF-8.
func utf8Error(file string, data []byte) error {
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return &FieldError{File: file, Line: line, Msg: fmt.Sprintf("not valid UTF-8 (byte 0x%02x in column %d): save the file as UTF-8", data[0], col)}
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		data = data[size:]
	}
	return &FieldError{File: file, Msg: "not valid UTF-8"}
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a YAML parser error into a FieldError with its line.
// A tab in the indentation gets a plain explanation: YAML's own message
// ("found character that cannot start any token") does not say it.
func syntaxError(file string, data []byte, err error) error {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		text := "not valid YAML: " + m[2]
		lines := strings.Split(string(data), "\n")
		for _, l := range []int{line - 1, line} { // yaml.v3 may count from 0
			if l >= 1 && l <= len(lines) && strings.HasPrefix(strings.TrimLeft(lines[l-1], " "), "\t") {
				return &FieldError{File: file, Line: l, Msg: "not valid YAML: a tab in the indentation; YAML indents with spaces only"}
			}
		}
		if open, end, ok := spanningQuote(data); ok && open <= line {
			// The parser stops where the quoted text ends, lines later;
			// the mistake is where it opened.
			return &FieldError{File: file, Line: open, Msg: fmt.Sprintf("not valid YAML: the quoted text that opens on this line is not closed on it, and runs on to %s (where the parser stopped: %s)", end, m[2])}
		}
		return &FieldError{File: file, Line: line, Msg: text}
	}
	return &FieldError{File: file, Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// spanningQuote finds the first quoted scalar of data that is not closed
// on the line where it opens, a likely cause of a syntax error reported
// lines later: the line it opens on, and where it ends ("line N" or "the
// end of the file"). Quoted text over several lines is valid YAML, but a
// scenario has no need of it.
func spanningQuote(data []byte) (open int, end string, ok bool) {
	line := 1
	var quote byte // the open quote, or 0
	at := 0        // the line it opened on
	prev := byte('\n')
	for i := 0; i < len(data); i++ {
		b := data[i]
		switch {
		case quote == 0 && b == '#' && (prev == ' ' || prev == '\t' || prev == '\n'):
			for i < len(data) && data[i] != '\n' { // a comment, to the end of its line
				i++
			}
			if i < len(data) {
				line++
			}
			b = '\n'
		case quote == 0 && (b == '"' || b == '\'') && strings.IndexByte(" \t\n:-[{,", prev) >= 0:
			quote, at = b, line
		case quote == '"' && b == '\\':
			i++ // an escape: the next byte is not the end
			if i < len(data) && data[i] == '\n' {
				line++
			}
		case quote == '\'' && b == '\'' && i+1 < len(data) && data[i+1] == '\'':
			i++ // '' in single quotes
		case quote != 0 && b == quote:
			quote = 0
			if line > at {
				return at, fmt.Sprintf("line %d", line), true
			}
		case b == '\n':
			line++
		}
		prev = b
	}
	if quote != 0 {
		return at, "the end of the file", true
	}
	return 0, "", false
}

// UnmarshalYAML reads a duration written with units. A problem is returned
// as a *yaml.TypeError so that decoding goes on and reports the rest too.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return nodeError(n, "want a duration such as 7d or 2h, got a "+kindName(n))
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return nodeError(n, err.Error())
	}
	*d = v
	return nil
}

// UnmarshalYAML reads a number or a duration; which one the swept field
// needs is checked by Validate.
func (v *Value) UnmarshalYAML(n *yaml.Node) error {
	switch {
	case n.Kind != yaml.ScalarNode:
		return nodeError(n, "want a number or a duration such as 20 or 14d, got a "+kindName(n))
	case n.Value == "":
		return nodeError(n, "want a number or a duration such as 20 or 14d, got nothing")
	}
	*v = Value(n.Value)
	return nil
}

// UnmarshalYAML reads a number of activations or a licence name such as
// Open_MAK_50.
func (a *Activations) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return nodeError(n, "want a number of activations or a licence such as Open_MAK_50, got a "+kindName(n))
	}
	v, err := ParseActivations(n.Value)
	if err != nil {
		return nodeError(n, err.Error())
	}
	*a = v
	return nil
}

// UnmarshalYAML reads a date written YYYY-MM-DD, or a moment written as
// RFC 3339 (2026-11-30T14:03:22Z), as kmssim import writes for a run that
// starts at the latest event of a log.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return nodeError(n, "want a date such as 2027-01-04, got a "+kindName(n))
	}
	t, err := ParseDate(n.Value)
	if err != nil {
		return nodeError(n, err.Error())
	}
	*d = t
	return nil
}

// nodeError reports a problem at n's position. The position travels in the
// message as "line L: column C:" and is turned into a field path by
// index.typeError.
func nodeError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: column %d: %s", n.Line, n.Column, msg)}}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "scalar"
}

// index maps positions in the file to field paths (fleet[1].count) and
// back, so that every message can name both.
type index struct {
	entries []entry
	lineOf  map[string]int
}

type entry struct {
	line, col int
	path      string
	key       string // the mapping key, for entries of mappings
	value     string // the scalar value, if any
	tag       string // the value's tag, such as !!int or !!seq
}

func newIndex(root *yaml.Node) *index {
	idx := &index{lineOf: map[string]int{}}
	if len(root.Content) == 1 {
		idx.walk(root.Content[0], "")
	}
	return idx
}

func (idx *index) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			idx.add(entry{line: k.Line, col: k.Column, path: p, key: k.Value, value: v.Value, tag: v.ShortTag()})
			if v.Line != k.Line || v.Column != k.Column {
				idx.entries = append(idx.entries, entry{line: v.Line, col: v.Column, path: p, value: v.Value, tag: v.ShortTag()})
			}
			idx.walk(v, p)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			idx.add(entry{line: item.Line, col: item.Column, path: p, value: item.Value, tag: item.ShortTag()})
			idx.walk(item, p)
		}
	}
}

func (idx *index) add(e entry) {
	idx.entries = append(idx.entries, e)
	if _, ok := idx.lineOf[e.path]; !ok {
		idx.lineOf[e.path] = e.line
	}
}

// line returns the line of path, or of its nearest ancestor in the file
// (for a missing field, the line of the mapping that lacks it), or 0.
func (idx *index) line(path string) int {
	if idx == nil {
		return 0
	}
	for p := path; p != ""; p = parentPath(p) {
		if l, ok := idx.lineOf[p]; ok {
			return l
		}
	}
	return 0
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

var typeErrRE = regexp.MustCompile(`^line (\d+): (?:column (\d+): )?(.*)$`)
var notFoundRE = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
var cannotRE = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")

// typeError turns one message of a yaml.TypeError into a FieldError with a
// field path and wording for people who write scenarios, not Go.
func (idx *index) typeError(file, msg string) error {
	m := typeErrRE.FindStringSubmatch(msg)
	if m == nil {
		return &FieldError{File: file, Msg: msg}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	text := m[3]
	fe := &FieldError{File: file, Line: line, Msg: text}
	if nf := notFoundRE.FindStringSubmatch(text); nf != nil {
		fe.Path = idx.find(line, col, nf[1], "")
		fe.Msg = unknownField(nf[1], nf[2])
	} else if c := cannotRE.FindStringSubmatch(text); c != nil {
		fe.Path = idx.findValue(line, "!!"+c[1], c[2])
		if fe.Path == "" {
			fe.Path = idx.find(line, col, "", c[2])
		}
		fe.Msg = fmt.Sprintf("want %s, got %s", goTypeName(c[3]), yamlValueName(c[1], c[2]))
	} else {
		fe.Path = idx.find(line, col, "", "")
	}
	return fe
}

// find returns the path of the entry at (line, col), or the best match on
// line by key or value: a flow mapping puts many fields on one line.
func (idx *index) find(line, col int, key, value string) string {
	best := ""
	for _, e := range idx.entries {
		if e.line != line {
			continue
		}
		switch {
		case col > 0 && e.col == col:
			return e.path
		case key != "" && e.key == key:
			return e.path
		case value != "" && e.value == value && key == "":
			return e.path
		case best == "":
			best = e.path
		}
	}
	return best
}

// findValue returns the path of the value on line with the given tag
// (such as !!seq) and text, which the decoder clips to 7 characters and
// "...", or "" if there is none: the decoder's type errors give no column,
// and a flow mapping puts many fields on one line. Of several, the last
// is the innermost (fleet[0].act_type, not fleet, for a list on the line
// of a list's item), which is what the decoder names.
func (idx *index) findValue(line int, tag, value string) string {
	prefix, clipped := strings.CutSuffix(value, "...")
	path := ""
	for _, e := range idx.entries {
		if e.line != line || e.tag != tag {
			continue
		}
		if value != "" && e.value != value && !(clipped && strings.HasPrefix(e.value, prefix)) {
			continue
		}
		path = e.path
	}
	return path
}

// WellFormed reports whether data is at most one well-formed YAML
// document, with the parser's message if not. It is for YAML that is not a
// scenario, such as the Kubernetes manifests of the docs.
func WellFormed(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc, second yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if err := dec.Decode(&second); !errors.Is(err, io.EOF) {
		return errors.New("more than one YAML document")
	}
	return nil
}

// checkNodes walks the YAML node n, decoded into type t at path, for what
// the decoder lets through: a fraction where a whole number is wanted
// (yaml.v3 drops the fraction), and an explicit zero in a field whose zero
// means its default (tagged schema:"positive"), which would silently mean
// the default.
func checkNodes(file string, n *yaml.Node, t reflect.Type, path string) []error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs []error
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		byKey := map[string]yamlField{}
		for _, f := range yamlFieldsOf(t) {
			byKey[f.key] = f
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := byKey[k.Value]
			if !ok {
				continue
			}
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			if f.field.Tag.Get("schema") == "positive" && v.Kind == yaml.ScalarNode && isZero(v.Value) {
				errs = append(errs, &FieldError{File: file, Line: v.Line, Path: p, Msg: "0 is not allowed here: leave the key out for its default"})
			}
			errs = append(errs, checkNodes(file, v, f.field.Type, p)...)
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, item := range n.Content {
			errs = append(errs, checkNodes(file, item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	case n.Kind == yaml.ScalarNode && (t.Kind() == reflect.Int || t.Kind() == reflect.Uint64) && t.PkgPath() == "":
		if n.Tag == "!!float" {
			errs = append(errs, &FieldError{File: file, Line: n.Line, Path: path, Msg: fmt.Sprintf("want a whole number, got %s", n.Value)})
		}
	}
	return errs
}
