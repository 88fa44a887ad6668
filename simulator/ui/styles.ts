/** Shared CSS: WeChat's light look (green #07C160, grey background), mobile first. */
export const BASE_CSS = `
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Helvetica Neue","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
  background:#EDEDED;color:#191919;font-size:16px;line-height:1.5;-webkit-text-size-adjust:100%}
a{color:#576B95;text-decoration:none}
button{font:inherit;cursor:pointer}
.btn{display:block;width:100%;border:0;border-radius:8px;padding:12px 16px;font-size:17px;font-weight:600}
.btn-primary{background:#07C160;color:#fff}
.btn-primary:active{background:#06AD56}
.btn-default{background:#F2F2F2;color:#06AD56}
.btn-small{display:inline-block;width:auto;padding:6px 12px;font-size:14px;font-weight:500;border-radius:6px}
.muted{color:rgba(0,0,0,.5);font-size:14px}
.avatar{border-radius:6px;display:block;object-fit:cover}
`;
