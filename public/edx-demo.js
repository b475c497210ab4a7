// <edx-demo>: a live edxview demo in another page, as a frame of the edxview site this script
// is served from (docs/teaching.md). The page that uses it loads this one file from that site;
// the frame then loads only edxview's own files, simulates the study in the reader's browser and
// sends nothing anywhere.
//
//   <script src="https://edxview.example.org/edx-demo.js" defer></script>
//   <edx-demo condition="l5-radiculopathy" side="left" severity="moderate" weeks="8"
//             panels="impression,needle" height="900"></edx-demo>
//   <edx-demo demo="carpal-tunnel-moderate" view="patient" panels="impression,traces"></edx-demo>
//
// `demo` names a built-in demo; otherwise `condition` (with `side`, `severity`, `weeks`,
// `temperature` in °C and `noise`) names a simulation. `panels`: impression, traces, table,
// needle (all when absent); `view`: physician or patient; `height` in px.
(() => {
  // Where this script came from is where edxview is: the frame opens the page beside it.
  const site = new URL(".", document.currentScript.src);

  /** The simulation identifier the attributes name, with the simulator's defaults. */
  const simulation = (element) => {
    const setting = (name, fallback) => (element.getAttribute(name) ?? fallback).trim().toLowerCase();
    return [
      "sim",
      setting("condition", "l5-radiculopathy"),
      setting("side", "left"),
      setting("severity", "moderate"),
      `${setting("weeks", "8")}w`,
      `${setting("temperature", "33")}c`,
      setting("noise", "typical"),
    ].join("_");
  };

  class EdxDemo extends HTMLElement {
    static observedAttributes = ["demo", "condition", "side", "severity", "weeks", "temperature", "noise", "panels", "view", "height"];

    connectedCallback() {
      this.render();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.render();
    }

    render() {
      const demo = this.getAttribute("demo") ?? simulation(this);
      const view = this.getAttribute("view") === "patient" ? "patient" : "physician";
      const panels = this.getAttribute("panels");
      const embed = panels ? `embed=${encodeURIComponent(panels.replace(/\s+/g, ""))}` : "embed";
      const frame = document.createElement("iframe");
      frame.src = `${site.href}#demo=${encodeURIComponent(demo)}&view=${view}&${embed}`.replaceAll("%2C", ",");
      frame.title = `edxview: ${this.getAttribute("title") ?? demo}`;
      frame.width = "100%";
      frame.height = String(Number(this.getAttribute("height")) || 720);
      frame.loading = "lazy";
      frame.style.border = "0";
      this.replaceChildren(frame);
    }
  }

  if (!customElements.get("edx-demo")) customElements.define("edx-demo", EdxDemo);
})();
