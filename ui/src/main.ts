// Entry point: mounts the app into the page.
import { mount } from "svelte";
import App from "./App.svelte";
// Devanagari letters for Hindi, bundled so they show on any computer, offline.
import "@fontsource/noto-sans-devanagari/400.css";
import "@fontsource/noto-sans-devanagari/700.css";
import "./styles.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
mount(App, { target });
