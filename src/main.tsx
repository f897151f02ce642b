import { render } from "solid-js/web";
import { App } from "./app.tsx";
import { applyTheme } from "./ui/theme.ts";
import "./ui/styles.css";

applyTheme();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
render(() => <App />, root);
