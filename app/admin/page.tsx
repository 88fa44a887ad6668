import type { ReactNode } from "react";
import { AdminDashboard } from "./_components/admin-dashboard";
import { AdminGate } from "./_components/admin-gate";

/** The overview: asks for the admin token once (then the session remembers), then token health and messages. */
export default function AdminPage(): ReactNode {
  return <AdminGate>{() => <AdminDashboard />}</AdminGate>;
}
