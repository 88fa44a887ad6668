/**
 * The account's custom menus as the simulator keeps them: one default menu and
 * any number of conditional menus.
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * @see https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { defineState } from "../../core/account";
import type { SimButton } from "./validation";

export interface SimConditionalMenu {
  menuid: number;
  button: SimButton[];
  /** As sent: tag_id / client_platform_type / language. */
  matchrule: Record<string, string>;
}

export class MenuState {
  menu: { menuid: number; button: SimButton[] } | null = null;
  conditional: SimConditionalMenu[] = [];
  private nextMenuId = 208_396_938;

  newMenuId(): number {
    return this.nextMenuId++;
  }

  /** The menu a user sees: the newest matching conditional menu, else the default. */
  menuFor(user: { tagidList: number[]; language?: string } | undefined): SimButton[] | null {
    if (!this.menu) return null;
    for (const c of [...this.conditional].reverse()) {
      const rule = c.matchrule;
      if (rule.client_platform_type) continue; // the simulated users have no platform
      if (rule.tag_id && !user?.tagidList.includes(Number(rule.tag_id))) continue;
      if (rule.language && (user?.language ?? "zh_CN") !== rule.language) continue;
      return c.button;
    }
    return this.menu.button;
  }
}

export const menuState = defineState("menu", () => new MenuState());
