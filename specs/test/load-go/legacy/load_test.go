// Loads every bundle in specs/dist with kin-openapi 0.110 (the Debian 12 package, 3.0 only) on the 3.0 bundles:
// each must load, validate, and every `pattern` must compile in Go's RE2. The body is ../shared (one source for
// both versions).
package load

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	loadtest "userctl.local/specs/test/load-go/shared"
)

func TestBundlesLoad(t *testing.T) {
	loadtest.TestBundles(t, []string{
		"milvus.openapi-3.0.json",
		"qingcloud-ehpc.openapi-3.0.json",
		"sunbird-user.openapi-3.0.json",
	}, loadtest.API{
		Version:              "v0.110.0",
		Paths:                func(doc *openapi3.T) map[string]*openapi3.PathItem { return doc.Paths },
		AdditionalProperties: func(s *openapi3.Schema) *openapi3.SchemaRef { return s.AdditionalProperties },
	})
}
