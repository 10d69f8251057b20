// Loads every bundle in specs/dist with kin-openapi at its current release (3.1-capable): each must load,
// validate, and every `pattern` must compile in Go's RE2.
package load

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

var bundles = []string{
	"milvus.openapi.json", "milvus.openapi-3.0.json",
	"qingcloud-ehpc.openapi.json", "qingcloud-ehpc.openapi-3.0.json",
	"sunbird-user.openapi.json", "sunbird-user.openapi-3.0.json",
}

func TestBundlesLoad(t *testing.T) {
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
			if len(doc.Paths.Map()) == 0 {
				t.Fatal("no paths")
			}
			n := 0
			walkPatterns(doc, func(where, pattern string) {
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

func walkPatterns(doc *openapi3.T, visit func(where, pattern string)) {
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
		if s.AdditionalProperties.Schema != nil {
			walk(where+"/additionalProperties", s.AdditionalProperties.Schema)
		}
	}
	for name, s := range doc.Components.Schemas {
		walk("#/components/schemas/"+name, s)
	}
	for name, p := range doc.Components.Parameters {
		if p.Value != nil {
			walk("#/components/parameters/"+name, p.Value.Schema)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(path+" "+method+" parameter "+p.Value.Name, p.Value.Schema)
				}
			}
		}
	}
}
