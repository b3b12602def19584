// embed-example.js: size the iframe to the calculator. The calculator
// (index.html?embed=1) posts {type: "rtcprice:height", height} to its
// parent whenever its height changes.
const frame = document.getElementById('rtcprice');
addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  const m = event.data;
  if (m && m.type === 'rtcprice:height' && Number.isFinite(m.height)) frame.height = String(Math.ceil(m.height));
});
