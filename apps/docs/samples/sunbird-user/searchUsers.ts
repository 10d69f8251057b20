// Search users — POST /api/user/v1/search
import { createSunbirdClient } from "@userctl/sunbird-user";

const sunbird = createSunbirdClient({
  baseUrl: process.env.SUNBIRD_BASE_URL ?? "https://staging.open-sunbird.org",
  apiKey: process.env.SUNBIRD_API_KEY ?? "",
  userToken: process.env.SUNBIRD_USER_TOKEN,
});

const result = await sunbird.searchUsers({
  request: {
    filters: {
      email: "asha.rao@example.org",
    },
    fields: ["id", "firstName", "lastName", "status"],
    limit: 10,
    offset: 0,
    sort_by: {
      createdDate: "desc",
    },
  },
});
console.log(JSON.stringify(result, null, 2));
