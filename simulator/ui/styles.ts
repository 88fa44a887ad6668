/**
 * Shared CSS: WeChat's light look, mobile first. Text and white-on-green keep WCAG AA's 4.5:1:
 * WeChat's own #07C160 under white text is 2.38:1, so buttons use the darker #067D43, and
 * secondary text is #595959 rather than 50 % black (3.9:1 on the grey background).
 */
export const BASE_CSS = `
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Helvetica Neue","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
  background:#EDEDED;color:#191919;font-size:16px;line-height:1.5;-webkit-text-size-adjust:100%}
a{color:#576B95;text-decoration:none}
button{font:inherit;cursor:pointer}
.btn{display:block;width:100%;border:0;border-radius:8px;padding:12px 16px;font-size:17px;font-weight:600}
.btn-primary{background:#067D43;color:#fff}
.btn-primary:active{background:#05652F}
.btn-default{background:#F2F2F2;color:#05652F}
.btn-small{display:inline-block;width:auto;padding:6px 12px;font-size:14px;font-weight:500;border-radius:6px}
.muted{color:#595959;font-size:14px}
.avatar{border-radius:6px;display:block;object-fit:cover}
`;
