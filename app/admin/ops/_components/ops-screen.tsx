"use client";

import { useCallback, useEffect, useState, type ReactNode } from "react";
import { adminRequest } from "../../_components/admin-api";
import { CallbackCheckCard } from "./callback-check-card";
import { ErrorsCard } from "./errors-card";
import { IpCard } from "./ip-card";
import type { OpsError, OpsOverview } from "./ops-types";
import { QuotaCard } from "./quota-card";
import { TokensCard } from "./tokens-card";

/** Operations: quotas and their reset, the callback check, the whitelist hint, the last errors, the credentials. */
export function OpsScreen(): ReactNode {
  const [overview, setOverview] = useState<OpsOverview | null>(null);
  const [errors, setErrors] = useState<OpsError[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    // The overview first: when WeChat refuses it (e.g. 40164), the error list then shows that refusal.
    const ops = await adminRequest<OpsOverview>("/api/admin/ops");
    const list = await adminRequest<{ errors: OpsError[] }>("/api/admin/ops/errors");
    if ((!ops.ok && ops.unauthorized) || (!list.ok && list.unauthorized)) window.location.reload();
    setOverview(ops.ok ? ops.data : null);
    setErrors(list.ok ? list.data.errors : null);
    setProblem(!ops.ok ? `额度与 IP 信息加载失败：${ops.message}` : !list.ok ? `错误记录加载失败：${list.message}` : null);
  }, []);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the initial fetch
    void load();
  }, [load]);

  return (
    <>
      {problem ? (
        <div className="notice notice-error" role="alert" data-testid="ops-problem">
          {problem}
        </div>
      ) : null}
      <div className="ops-grid">
        <div>
          <QuotaCard quota={overview?.quota ?? null} onChanged={() => void load()} />
          <CallbackCheckCard />
        </div>
        <div>
          <IpCard errors={errors} overview={overview} />
          <ErrorsCard errors={errors} />
          <TokensCard onUnauthorized={() => window.location.reload()} />
        </div>
      </div>
    </>
  );
}
