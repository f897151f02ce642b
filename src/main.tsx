import { render } from "solid-js/web";
import { z } from "zod";
import { App } from "./app.tsx";
import { applyTheme } from "./ui/theme.ts";
import "./ui/styles.css";

// The page's CSP forbids eval: zod must not even probe for it (the probe itself is reported).
z.config({ jitless: true });
applyTheme();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
render(() => <App />, root);
