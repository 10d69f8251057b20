// Read a user's profile — GET /api/user/v5/read/{userId}
import { createSunbirdClient } from "@userctl/sunbird-user";

const sunbird = createSunbirdClient({
  baseUrl: process.env.SUNBIRD_BASE_URL ?? "https://staging.open-sunbird.org",
  apiKey: process.env.SUNBIRD_API_KEY ?? "",
  userToken: process.env.SUNBIRD_USER_TOKEN,
});

const result = await sunbird.readUser({
  userId: "5a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
});
console.log(JSON.stringify(result, null, 2));
