import { parseWithValidator } from "/work/main/lib/wechat/xml";
console.log(JSON.stringify(parseWithValidator("<xml><toString></toString></xml>", 2)));
console.log(JSON.stringify(parseWithValidator("<xml><toString>x</toString><A></A></xml>", 2)));
