// Create a user — POST /api/user/v1/create
import { createSunbirdClient } from "@userctl/sunbird-user";

const sunbird = createSunbirdClient({
  baseUrl: process.env.SUNBIRD_BASE_URL ?? "https://staging.open-sunbird.org",
  apiKey: process.env.SUNBIRD_API_KEY ?? "",
  userToken: process.env.SUNBIRD_USER_TOKEN,
});

const result = await sunbird.createUser({
  request: {
    firstName: "Asha",
    lastName: "Rao",
    userName: "asha_rao",
    email: "asha.rao@example.org",
    emailVerified: true,
  },
});
console.log(JSON.stringify(result, null, 2));
