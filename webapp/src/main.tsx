import { render } from "preact";
import "./style.css";
import { App } from "./app.js";
import { setInitData } from "./api.js";
import { applyTheme, onThemeChange, postEvent, readLaunch } from "./telegram.js";

const launch = readLaunch();
applyTheme(launch.theme);
onThemeChange(applyTheme);
if (launch.initData) setInitData(launch.initData);
render(<App launched={launch.initData !== undefined} />, document.getElementById("app")!);
// Tell the Telegram client the page is ready (it hides its placeholder) and may use the full height.
postEvent("web_app_ready");
postEvent("web_app_expand");
