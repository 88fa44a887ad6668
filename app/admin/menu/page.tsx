import type { Metadata } from "next";
import type { ReactNode } from "react";
import { accountName } from "@/lib/wiring/account";
import { AdminGate } from "../_components/admin-gate";
import { MenuEditor } from "./_components/menu-editor";
import styles from "./_components/menu-editor.module.css";

export const metadata: Metadata = { title: "自定义菜单 · 管理后台", robots: { index: false, follow: false } };

/** Screen 1: the custom menu editor, behind the console's admin session. */
export default function AdminMenuPage(): ReactNode {
  return (
    <AdminGate>
      {() => (
        <div className={styles.page}>
          <MenuEditor accountName={accountName()} />
        </div>
      )}
    </AdminGate>
  );
}
