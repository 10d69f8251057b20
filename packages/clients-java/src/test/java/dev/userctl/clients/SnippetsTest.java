package dev.userctl.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs the portal's Java snippets against the mocks exactly as printed. */
class SnippetsTest {
  @Test
  void milvus() throws Exception {
    assertEquals("created", Snippets.milvus(Spec.mockUrl("milvus")));
  }

  @Test
  void ehpc() throws Exception {
    assertTrue(Snippets.ehpc(Spec.mockUrl("qingcloud-ehpc")).startsWith("j-"));
  }

  @Test
  void sunbird() throws Exception {
    assertEquals("SUCCESS", Snippets.sunbird(Spec.mockUrl("sunbird-user")));
  }
}
