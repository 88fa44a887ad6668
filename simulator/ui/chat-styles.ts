/** CSS of the simulator's chat UI (WeChat light theme, mobile first, 3 columns on wide screens). */
export const CHAT_CSS = `
.top{position:sticky;top:0;z-index:2;display:flex;align-items:center;gap:8px;padding:10px 12px;background:#EDEDED;border-bottom:1px solid rgba(0,0,0,.08)}
.top h1{font-size:17px;font-weight:600;margin:0;flex:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.top select{font:inherit;font-size:14px;padding:4px 6px;border-radius:6px;border:1px solid rgba(0,0,0,.15);background:#fff}
.layout{display:flex;flex-direction:column}
.panel{background:#fff}
.users{padding:10px 12px;display:flex;gap:10px;align-items:center;border-bottom:1px solid rgba(0,0,0,.06)}
.users select{flex:1;min-width:0;font:inherit;padding:8px;border-radius:6px;border:1px solid rgba(0,0,0,.15);background:#fff}
.users .avatar{width:40px;height:40px}
.user-meta{font-size:12px;color:#595959}
.chat{display:flex;flex-direction:column;background:#EDEDED;min-height:60vh}
.messages{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:14px;max-height:60vh;min-height:40vh}
.msg{display:flex;gap:8px;align-items:flex-start;max-width:100%}
.msg .avatar{width:40px;height:40px;flex:none}
.msg.out{flex-direction:row-reverse}
.bubble{position:relative;padding:9px 12px;border-radius:6px;background:#fff;max-width:calc(100% - 96px);word-break:break-word;white-space:pre-wrap}
.msg.out .bubble{background:#95EC69}
.tag{display:block;font-size:11px;color:#595959;margin-bottom:2px}
.sys{align-self:center;font-size:12px;color:#474747;background:rgba(0,0,0,.06);padding:3px 8px;border-radius:4px;max-width:90%;text-align:center}
.news{display:block;width:260px;max-width:calc(100vw - 110px);background:#fff;border-radius:6px;padding:12px;color:#191919}
.news .t{font-size:16px;font-weight:500;margin-bottom:6px}
.news .d{font-size:13px;color:#595959;display:flex;gap:8px;justify-content:space-between}
.news img{width:48px;height:48px;object-fit:cover;border-radius:2px;flex:none;background:#F2F2F2}
.media{width:120px;height:90px;display:flex;align-items:center;justify-content:center;background:#D9D9D9;color:#3D3D3D;border-radius:6px;font-size:12px;text-align:center;padding:4px}
.tpl-card{background:#fff;border-radius:6px;padding:14px 16px 10px;width:280px;max-width:calc(100% - 56px)}
.tpl-title{font-size:17px;font-weight:500;margin-bottom:10px}
.tpl-row{display:flex;gap:12px;font-size:14px;line-height:1.7}
.tpl-label{color:#595959;flex:none;min-width:4.5em}
.tpl-value{flex:1;min-width:0;word-break:break-word}
.tpl-more{display:block;margin-top:10px;padding-top:8px;border-top:1px solid rgba(0,0,0,.08);font-size:14px;color:#191919}
.tpl-more::after{content:" ›";float:right;color:#595959}
.bottom{background:#F7F7F7;border-top:1px solid rgba(0,0,0,.08)}
.bottom[data-mode="keyboard"] .menu-row,.bottom[data-mode="menu"] .composer{display:none}
.bottom[data-has-menu="false"] .menu-row,.bottom[data-has-menu="false"] #to-menu{display:none}
.bottom[data-has-menu="false"] .composer{display:flex}
.menu-row{display:flex;align-items:stretch}
.switch{flex:none;width:44px;border:0;background:none;font-size:20px;color:#191919;padding:0}
.menu-row .switch{border-right:1px solid rgba(0,0,0,.08)}
.composer{display:flex;gap:8px;padding:8px 12px;background:#F7F7F7}
.composer input{flex:1;min-width:0;font:inherit;padding:8px 10px;border:0;border-radius:6px;background:#fff}
.events{display:flex;flex-wrap:wrap;gap:8px;padding:8px 12px 12px;background:#F7F7F7}
.events input{width:110px;font:inherit;font-size:14px;padding:5px 8px;border:1px solid rgba(0,0,0,.12);border-radius:6px}
.status{padding:6px 12px;font-size:12px;color:#595959;background:#F7F7F7;min-height:26px}
.status.bad{color:#C02B2B}
.api{padding:12px}
.api h2{font-size:15px;margin:0 0 8px}
.api .tools{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}
.log{list-style:none;margin:0;padding:0;font-size:12px;font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.log li{display:flex;gap:6px;padding:5px 6px;border-bottom:1px solid rgba(0,0,0,.05)}
.log li.token{background:#FFF7E6}
.log .ep{flex:1;word-break:break-all}
.log .ok{color:#067D43}
.log .err{color:#C02B2B}
@media (min-width:960px){
  .layout{flex-direction:row;height:calc(100vh - 49px)}
  .chat{flex:1;min-height:0;border-left:1px solid rgba(0,0,0,.08);border-right:1px solid rgba(0,0,0,.08)}
  .messages{max-height:none}
  .side{width:300px;overflow-y:auto}
  .api{width:360px;overflow-y:auto}
  .users{flex-direction:column;align-items:stretch}
}
`;
