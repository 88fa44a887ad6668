// TEMPORARY (until the security branch sec21 lands): its send route still imports this path.
import type { ConsoleTemplateSend } from "./console/templates/send-input";
import { getServices } from "./wiring/services";

export { parseConsoleTemplateSend } from "./console/templates/send-input";

export async function sendConsoleTemplate(input: ConsoleTemplateSend): Promise<{ msgid: string }> {
  return (await getServices()).templates.send(input);
}
