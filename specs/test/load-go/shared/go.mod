module userctl.local/specs/test/load-go/shared

go 1.26.0

// The oldest kin-openapi the loader tests cover; each importing module selects its own (newer) version.
require github.com/getkin/kin-openapi v0.110.0

require (
	github.com/go-openapi/jsonpointer v0.19.5 // indirect
	github.com/go-openapi/swag v0.19.5 // indirect
	github.com/invopop/yaml v0.1.0 // indirect
	github.com/mailru/easyjson v0.0.0-20190626092158-b2ccc519800e // indirect
	github.com/mohae/deepcopy v0.0.0-20170929034955-c48cc78d4826 // indirect
	gopkg.in/yaml.v2 v2.4.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
