// A small line chart on a canvas (no library, nothing loaded from outside the gateway).
// series: [{label, color, t: [ms], v: [number], min?: [number], max?: [number]}]
"use strict";
window.drawChart = function (canvas, series, unit) {
  const ctx = canvas.getContext("2d");
  const W = canvas.width, H = canvas.height, L = 60, R = 12, T = 12, B = 28;
  ctx.clearRect(0, 0, W, H);
  let t0 = Infinity, t1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.t.length; i++) {
      t0 = Math.min(t0, s.t[i]); t1 = Math.max(t1, s.t[i]);
      v0 = Math.min(v0, s.min ? s.min[i] : s.v[i]); v1 = Math.max(v1, s.max ? s.max[i] : s.v[i]);
    }
  }
  ctx.fillStyle = "#6b7280"; ctx.font = "12px system-ui";
  if (!isFinite(t0)) { ctx.fillText("no data in this span", L, H / 2); return 0; }
  if (v1 === v0) { v0 -= 1; v1 += 1; }
  if (t1 === t0) { t1 = t0 + 1; }
  const x = t => L + (t - t0) / (t1 - t0) * (W - L - R);
  const y = v => T + (1 - (v - v0) / (v1 - v0)) * (H - T - B);
  ctx.strokeStyle = "#e5e7eb"; ctx.beginPath();
  for (let k = 0; k <= 4; k++) {
    const v = v0 + (v1 - v0) * k / 4, yy = y(v);
    ctx.moveTo(L, yy); ctx.lineTo(W - R, yy);
    ctx.fillText(v.toFixed(Math.abs(v1 - v0) < 10 ? 1 : 0) + (unit ? " " + unit : ""), 2, yy + 4);
  }
  ctx.stroke();
  ctx.fillText(new Date(t0).toLocaleString(), L, H - 8);
  const end = new Date(t1).toLocaleString();
  ctx.fillText(end, W - R - ctx.measureText(end).width, H - 8);
  let drawn = 0;
  for (const s of series) {
    if (s.min && s.max) {
      ctx.fillStyle = s.color + "33"; ctx.beginPath();
      for (let i = 0; i < s.t.length; i++) { const xx = x(s.t[i]), yy = y(s.max[i]); i ? ctx.lineTo(xx, yy) : ctx.moveTo(xx, yy); }
      for (let i = s.t.length - 1; i >= 0; i--) { ctx.lineTo(x(s.t[i]), y(s.min[i])); }
      ctx.closePath(); ctx.fill();
    }
    ctx.strokeStyle = s.color; ctx.lineWidth = 1.5; ctx.beginPath();
    for (let i = 0; i < s.t.length; i++) { const xx = x(s.t[i]), yy = y(s.v[i]); i ? ctx.lineTo(xx, yy) : ctx.moveTo(xx, yy); drawn++; }
    ctx.stroke();
  }
  canvas.dataset.drawn = String(drawn);
  return drawn;
};

// Daily bars on a canvas: days [ms], series [{label, color, values: [number|null], sign: 1 up / -1 down}].
window.drawBars = function (canvas, days, series, unit) {
  const ctx = canvas.getContext("2d");
  const W = canvas.width, H = canvas.height, L = 60, R = 12, T = 12, B = 28;
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = "#6b7280"; ctx.font = "12px system-ui";
  let up = 0, down = 0, bars = 0;
  for (const s of series) for (const v of s.values) if (v !== null) { if (s.sign > 0) up = Math.max(up, v); else down = Math.max(down, v); }
  if (!days.length || up + down === 0) { ctx.fillText("no energy readings in this span", L, H / 2); canvas.dataset.bars = "0"; return 0; }
  const span = up + down, zero = T + (H - T - B) * up / span;
  const y = v => zero - v / span * (H - T - B);
  const slot = (W - L - R) / days.length, width = Math.max(1, slot / (series.length + 1));
  ctx.strokeStyle = "#9ca3af"; ctx.beginPath(); ctx.moveTo(L, zero); ctx.lineTo(W - R, zero); ctx.stroke();
  ctx.fillText(up.toFixed(0) + " " + unit, 2, T + 8); ctx.fillText("-" + down.toFixed(0) + " " + unit, 2, H - B);
  series.forEach((s, k) => {
    ctx.fillStyle = s.color;
    s.values.forEach((v, i) => {
      if (v === null) return;
      const x = L + i * slot + k * width + width / 2, h = y(s.sign * v);
      ctx.fillRect(x, Math.min(zero, h), width, Math.abs(h - zero)); bars++;
    });
  });
  ctx.fillStyle = "#6b7280";
  ctx.fillText(new Date(days[0]).toLocaleDateString(), L, H - 8);
  const end = new Date(days[days.length - 1]).toLocaleDateString();
  ctx.fillText(end, W - R - ctx.measureText(end).width, H - 8);
  canvas.dataset.bars = String(bars);
  return bars;
};
