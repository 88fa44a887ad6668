import "server-only";
import { createBotRouter } from "@wxmp/wechat/bot-router";
import { news, text } from "@wxmp/wechat/reply";

/**
 * The end-to-end suite's bot (BOT=test): fixed, neutral words, so that tests of the
 * framework's guarantees (exactly once, deadlines, late delivery, crypto modes) never depend
 * on what the example bot in lib/bot.ts says. Never the default: lib/bot.ts answers unless
 * BOT=test is set.
 *
 * text → `echo:<Content>`; subscribe → `test-bot:subscribed` (`…:scene=<scene>` through a QR code); menu clicks: TEST_NEWS → a
 * news card, TEST_SLOW_<ms> → `test-bot:slow:<ms>` after <ms> (past the deadline, so it goes
 * out as a customer-service message), TEST_THROW → a handler failure.
 */
export const testBot = createBotRouter({
  text: (msg) => text(`echo:${msg.content}`),
  event: {
    subscribe: (msg) => text(msg.scene ? `test-bot:subscribed:scene=${msg.scene}` : "test-bot:subscribed"),
    CLICK: (msg) => testClick(msg.eventKey),
  },
});

async function testClick(key: string) {
  if (key === "TEST_NEWS") {
    return news({ title: "test-bot:news", description: "a news card", picUrl: "https://example.com/p.png", url: "https://example.com/" });
  }
  const slow = /^TEST_SLOW_(\d{1,5})$/.exec(key);
  if (slow) {
    await new Promise((resolve) => setTimeout(resolve, Number(slow[1])));
    return text(`test-bot:slow:${slow[1]}`);
  }
  if (key === "TEST_THROW") throw new Error("test-bot handler failure");
  return null;
}
