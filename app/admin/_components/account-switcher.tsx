"use client";

import { useEffect, useState, type ReactNode } from "react";
import { adminRequest } from "./admin-api";
import { readAccountChoice, writeAccountChoice } from "./account-choice";
import styles from "./account-switcher.module.css";

interface AccountItem {
  appId: string;
  name: string;
  status: "active" | "retired";
  default: boolean;
}

/**
 * Which 公众号 the console works on: a select in the console's frame. The choice is a cookie sent
 * with every admin request; changing it reloads the screen so everything shown is that account's.
 * A choice that no longer names an active account (retired elsewhere) falls back to the default.
 */
export function AccountSwitcher(): ReactNode {
  const [accounts, setAccounts] = useState<AccountItem[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void adminRequest<{ accounts: AccountItem[] }>("/api/admin/accounts").then((result) => {
      if (!live || !result.ok) return;
      const active = result.data.accounts.filter((a) => a.status === "active");
      const choice = readAccountChoice();
      const known = active.find((a) => a.appId === choice && !a.default);
      if (choice && !known) writeAccountChoice(null);
      setAccounts(active);
      setChosen(known ? known.appId : (active.find((a) => a.default)?.appId ?? null));
    });
    return () => {
      live = false;
    };
  }, []);

  // One account: nothing to switch (a single-account deployment looks as before).
  if (!accounts || accounts.length < 2) return null;
  return (
    <label className={styles.switcher} data-testid="account-switcher">
      <span>当前公众号</span>
      <select
        className="input"
        value={chosen ?? ""}
        onChange={(e) => {
          const next = accounts.find((a) => a.appId === e.target.value);
          writeAccountChoice(next && !next.default ? next.appId : null);
          setChosen(e.target.value);
          location.reload();
        }}
        data-testid="account-switcher-select"
      >
        {accounts.map((a) => (
          <option key={a.appId} value={a.appId}>
            {a.name}（{a.appId}）
          </option>
        ))}
      </select>
    </label>
  );
}
