// element-example.js: the <rtcprice-calculator> element, and a line
// naming the best total of its last quote (the rtcprice-quote event).
import './rtcprice-element.js';

addEventListener('rtcprice-quote', (e) => {
  document.getElementById('last-quote').textContent = `Best total: ${e.detail.best.total} ${e.detail.currency}`;
});
