// The usage examples the portal shows, run by go test against the mocks (their Output lines are checked).
package clientsgo_test

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"userctl.local/clients-go/ehpcsign"
	"userctl.local/clients-go/generated/milvus"
	qingcloudehpc "userctl.local/clients-go/generated/qingcloud-ehpc"
	sunbird "userctl.local/clients-go/generated/sunbird-user"
)

func Example_milvus() {
	client, _ := milvus.NewClientWithResponses(os.Getenv("USERCTL_MOCK_MILVUS_URL"),
		milvus.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer root:Milvus")
			return nil
		}))
	res, err := client.CreateUserWithResponse(context.Background(), nil,
		milvus.CreateUserRequest{UserName: "alice", Password: "P@ssw0rd"})
	if err != nil {
		panic(err)
	}
	// HTTP 200 either way: the union has no discriminator, so check the generated const enum.
	if ok, err := res.JSON200.AsEmptySuccess(); err == nil && ok.Code.Valid() {
		fmt.Println("created")
	} else if e, err := res.JSON200.AsErrorResponse(); err == nil {
		fmt.Println("Milvus error", e.Code, e.Message)
	}
	// Output: created
}

func Example_ehpc() {
	signer := &ehpcsign.Signer{AccessKeyID: "QYACCESSKEYIDEXAMPLE", SecretAccessKey: "my-secret-access-key"}
	client, _ := qingcloudehpc.NewClientWithResponses(os.Getenv("USERCTL_MOCK_EHPC_URL"),
		qingcloudehpc.WithRequestEditorFn(signer.Edit)) // signs every request
	params := &qingcloudehpc.DeleteUserParams{Zone: "jn1a",
		// Required by the generated struct; the signer replaces all of them.
		SignatureMethod: "HmacSHA256", SignatureVersion: "1", Version: "1", AccessKeyId: "-", Signature: "-"}
	res, err := client.DeleteUserWithResponse(context.Background(), params,
		qingcloudehpc.DeleteUserRequest{ClusterId: "ehpc-8jqdq0mz", Username: "isabel", Zone: "jn1a"})
	if err != nil {
		panic(err)
	}
	if ok, err := res.JSON200.AsDeleteUserResponse(); err == nil && ok.RetCode.Valid() {
		fmt.Println("job", ok.JobId)
	} else if e, err := res.JSON200.AsEhpcErrorResponse(); err == nil {
		fmt.Println("EHPC error", e.RetCode, e.Message)
	}
	// Output: job j-nmxc59kep40
}

func Example_sunbird() {
	client, _ := sunbird.NewClientWithResponses(os.Getenv("USERCTL_MOCK_SUNBIRD_URL"),
		sunbird.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer gateway-consumer-jwt")
			r.Header.Set("X-Authenticated-User-token", "user-keycloak-jwt")
			return nil
		}))
	res, err := client.DeleteUserWithResponse(context.Background(), nil,
		sunbird.DeleteUserRequest{Request: sunbird.UserIdPayload{UserId: "5a0e8e5e-7c1c-4a0e-9f2a-0c3f0d6c1b11"}})
	if err != nil {
		panic(err)
	}
	switch {
	case res.JSON200 != nil:
		fmt.Println(res.JSON200.Result.Response)
	case res.JSON400 != nil: // e.g. UOS_USRDLT0008, already deleted
		fmt.Println("Sunbird error", res.JSON400.Params.Err)
	case res.StatusCode() == http.StatusForbidden: // the gateway's plain text
		fmt.Println("denied:", string(res.Body))
	}
	// Output: SUCCESS
}
