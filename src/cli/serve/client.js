(() => {
  // careerbook serve: reload after a rebuild, show a failed build's errors.
  const V = "__VERSION__";
  let host = null;
  const hide = () => { if (host) { host.remove(); host = null; } };
  const show = (text) => {
    if (!host) {
      host = document.createElement("div");
      host.id = "careerbook-overlay";
      const root = host.attachShadow({ mode: "open" });
      root.innerHTML = "<style>"
        + ":host{all:initial}"
        + "section{position:fixed;z-index:2147483647;top:1rem;left:1rem;right:1rem;"
        + "max-height:calc(100vh - 2rem);box-sizing:border-box;overflow:auto;padding:1rem 1.25rem;"
        + "background:#1e1e1e;color:#eee;border:2px solid #e5534b;border-radius:6px;"
        + "font:14px/1.45 system-ui,sans-serif;box-shadow:0 4px 24px #0008}"
        + "h2{margin:0 2rem .25rem 0;font-size:16px;color:#ff938a}p{margin:0 0 .75rem}"
        + "pre{margin:0;white-space:pre;overflow-x:auto;font:13px/1.4 ui-monospace,monospace}"
        + "button{position:absolute;top:.5rem;right:.75rem;font-size:20px;"
        + "background:none;color:inherit;border:0;cursor:pointer}"
        + "</style><section role=alertdialog aria-labelledby=t>"
        + "<button type=button aria-label=Close>\u00d7</button>"
        + "<h2 id=t>The last change does not build</h2>"
        + "<p>This is the last good version. Fix the problems below and save: the page reloads.</p>"
        + "<pre></pre></section>";
      root.querySelector("button").onclick = hide;
      document.body.append(host);
    }
    // Text only: the diagnostics quote the content.
    host.shadowRoot.querySelector("pre").textContent = text;
  };
  const connect = () => {
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "__RELOAD_PATH__");
    ws.onmessage = (e) => {
      const s = JSON.parse(e.data);
      if (s.version !== V) location.reload();
      else if (s.error) show(s.error);
      else hide();
    };
    ws.onclose = () => setTimeout(connect, 1000);
  };
  connect();
})();
