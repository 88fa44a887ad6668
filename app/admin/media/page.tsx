import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminGate } from "../_components/admin-gate";
import { MediaLibraryScreen } from "./_components/media-library-screen";

export const metadata: Metadata = { title: "素材库 · 管理后台", robots: { index: false, follow: false } };

/** Screen 4: upload, list, preview and delete media; copy a media_id. */
export default function AdminMediaPage(): ReactNode {
  return <AdminGate>{() => <MediaLibraryScreen />}</AdminGate>;
}
