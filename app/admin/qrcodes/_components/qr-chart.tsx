import type { ReactNode } from "react";
import styles from "../../_components/console-screen.module.css";

export interface DayCount {
  day: string;
  scans: number;
  subscribes: number;
}

const WIDTH = 280;
const HEIGHT = 64;
const AXIS = 12;

/**
 * Scans per day as bars, new followers as the darker part of each bar. Screen readers get
 * the summary in the label and the numbers in a visually hidden table.
 */
export function QrChart({ scene, daily }: { scene: string; daily: DayCount[] }): ReactNode {
  const max = Math.max(1, ...daily.map((d) => d.scans));
  const slot = WIDTH / Math.max(1, daily.length);
  const bar = Math.max(2, slot - 4);
  const plot = HEIGHT - AXIS;
  const total = daily.reduce((sum, d) => sum + d.scans, 0);
  const first = daily[0]?.day ?? "";
  const last = daily.at(-1)?.day ?? "";
  const label = `二维码“${scene}”最近 ${daily.length} 天每日扫码：共 ${total} 次，其中新关注 ${daily.reduce((s, d) => s + d.subscribes, 0)} 人`;
  return (
    <figure className={styles.figure} data-testid="qr-chart">
      <svg className={styles.chart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line x1="0" y1={plot + 0.5} x2={WIDTH} y2={plot + 0.5} stroke="#c8c8c8" />
        {daily.map((d, i) => {
          const h = (d.scans / max) * (plot - 4);
          const hs = (d.subscribes / max) * (plot - 4);
          const x = i * slot + (slot - bar) / 2;
          return (
            <g key={d.day}>
              {d.scans > 0 ? <rect x={x} y={plot - h} width={bar} height={h} fill="#7cc7a0" /> : null}
              {d.subscribes > 0 ? <rect x={x} y={plot - hs} width={bar} height={hs} fill="#067d3f" /> : null}
            </g>
          );
        })}
        <text x="0" y={HEIGHT - 1} fontSize="9" fill="#595959">
          {first.slice(5)}
        </text>
        <text x={WIDTH} y={HEIGHT - 1} fontSize="9" fill="#595959" textAnchor="end">
          {last.slice(5)}
        </text>
      </svg>
      <figcaption className={styles.muted}>浅色：扫码 · 深色：新关注（按北京时间每日统计）</figcaption>
      {/* A table ignores width: 1px (it grows to its content): the visually hidden box is a div around it. */}
      <div className={styles.srOnly}>
        <table>
          <caption>“{scene}”每日扫码与新关注</caption>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">扫码</th>
              <th scope="col">新关注</th>
            </tr>
          </thead>
          <tbody>
            {daily.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.scans}</td>
                <td>{d.subscribes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
