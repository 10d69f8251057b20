module userctl.local/specs/test/load-go/current

go 1.26.0

require (
	github.com/getkin/kin-openapi v0.153.0
	userctl.local/specs/test/load-go/shared v0.0.0
)

require (
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/text v0.14.0 // indirect
)

replace userctl.local/specs/test/load-go/shared => ../shared
