/**
 * The demo's catalogue. Prices are in fen and live only on the server: an order's amount is
 * always the catalogue's, whatever a page sends. Replace it with your own products (a table,
 * a CMS) by handing the pay service another list.
 */
export interface Product {
  id: string;
  name: string;
  /** Fen (分). */
  price: number;
}

export const DEMO_CATALOGUE: readonly Product[] = [
  { id: "coffee", name: "手冲咖啡", price: 1990 },
  { id: "beans", name: "咖啡豆 250g", price: 6800 },
  { id: "postcard", name: "明信片", price: 1 },
];

/** 1990 → "19.90" */
export const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
