// Package loadtest is the one body of the bundle loader tests, imported by the modules that pin each kin-openapi
// version (../current, ../legacy; each `replace`s this module with ../shared). It compiles against whichever
// kin-openapi the importing module selects; the two calls whose shape differs between versions come in as API.
package loadtest

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// API holds what differs between kin-openapi versions: 0.110 has `Paths` as a map and `AdditionalProperties` as
// a *SchemaRef; later versions wrap both.
type API struct {
	// Version is the kin-openapi the module must have selected (this module's own requirement could raise it).
	Version              string
	Paths                func(doc *openapi3.T) map[string]*openapi3.PathItem
	AdditionalProperties func(s *openapi3.Schema) *openapi3.SchemaRef
}

// TestBundles loads each bundle of specs/dist (named relative to it): each must load, validate, have paths, and
// every `pattern` must compile in Go's RE2. Run from a module directory two levels below specs/test.
func TestBundles(t *testing.T, bundles []string, api API) {
	if got := kinOpenAPIVersion(); got != api.Version {
		t.Fatalf("the module selects kin-openapi %s, this test is for %s", got, api.Version)
	}
	for _, name := range bundles {
		t.Run(name, func(t *testing.T) {
			loader := openapi3.NewLoader()
			doc, err := loader.LoadFromFile(filepath.Join("..", "..", "..", "dist", name))
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if err := doc.Validate(context.Background()); err != nil {
				t.Fatalf("validate: %v", err)
			}
			if len(api.Paths(doc)) == 0 {
				t.Fatal("no paths")
			}
			n := 0
			walkPatterns(doc, api, func(where, pattern string) {
				n++
				if _, err := regexp.Compile(pattern); err != nil {
					t.Errorf("%s: pattern %q does not compile in RE2: %v", where, pattern, err)
				}
			})
			if n == 0 {
				t.Error("found no pattern to check")
			}
		})
	}
}

func walkPatterns(doc *openapi3.T, api API, visit func(where, pattern string)) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Pattern != "" {
			visit(where, s.Pattern)
		}
		for name, p := range s.Properties {
			walk(where+"/properties/"+name, p)
		}
		for _, list := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, sub := range list {
				walk(where+"/*Of", sub)
			}
		}
		walk(where+"/items", s.Items)
		walk(where+"/not", s.Not)
		walk(where+"/additionalProperties", api.AdditionalProperties(s))
	}
	for name, s := range doc.Components.Schemas {
		walk("#/components/schemas/"+name, s)
	}
	for name, p := range doc.Components.Parameters {
		if p.Value != nil {
			walk("#/components/parameters/"+name, p.Value.Schema)
		}
	}
	for path, item := range api.Paths(doc) {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(path+" "+method+" parameter "+p.Value.Name, p.Value.Schema)
				}
			}
		}
	}
}

// kinOpenAPIVersion is the kin-openapi the module being tested selects (test binaries carry no dependency
// list in their build info, so the go command answers; the test runs in the module's directory).
func kinOpenAPIVersion() string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/getkin/kin-openapi").Output()
	if err != nil {
		return fmt.Sprintf("unknown (go list -m: %v)", err)
	}
	return strings.TrimSpace(string(out))
}
