import { describeAuthorizerStoreContract } from "../testing/authorizer-store-contract";
import { describeComponentTicketStoreContract } from "../testing/component-ticket-store-contract";
import { createMemoryAuthorizerStore } from "./authorizer-store";
import { createMemoryComponentTicketStore } from "./ticket-store";

describeComponentTicketStoreContract("memory", () => createMemoryComponentTicketStore());
describeAuthorizerStoreContract("memory", () => createMemoryAuthorizerStore());
