// Block a user — POST /api/user/v1/block
import { createSunbirdClient } from "@userctl/sunbird-user";

const sunbird = createSunbirdClient({
  baseUrl: process.env.SUNBIRD_BASE_URL ?? "https://staging.open-sunbird.org",
  apiKey: process.env.SUNBIRD_API_KEY ?? "",
  userToken: process.env.SUNBIRD_USER_TOKEN,
});

const result = await sunbird.blockUser({
  request: {
    userId: "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  },
});
console.log(JSON.stringify(result, null, 2));
