// Delete a user — POST /api/user/v1/delete
import { createSunbirdClient } from "@userctl/sunbird-user";

const sunbird = createSunbirdClient({
  baseUrl: process.env.SUNBIRD_BASE_URL ?? "https://staging.open-sunbird.org",
  apiKey: process.env.SUNBIRD_API_KEY ?? "",
  userToken: process.env.SUNBIRD_USER_TOKEN,
});

const result = await sunbird.deleteUser({
  request: {
    userId: "user id to be deleted",
  },
});
console.log(JSON.stringify(result, null, 2));
