// The data and the decision boundary of a 2-D dataset: a heatmap of the network's class
// probabilities over the view square, under the data points (training points filled, test
// points as rings). Binary sets use a diverging orange–purple scale through the background
// colour (colour-blind safe, and the two ends differ in lightness so it reads in grey too);
// sets with more classes tint each cell towards its most likely class.

import { cssVar, rgb } from "./theme.js";

/** Class colours in style.css (--class-0 ...), as many as the core allows classes. */
const CLASS_COLOURS = 10;
/** How far the most confident cell moves from the background towards its class colour. */
const STRENGTH = 0.55;
/** Point radii in CSS pixels. */
const TRAIN_RADIUS = 2.6;
const TEST_RADIUS = 3;

export class BoundaryPlot {
  #canvas;
  #extent;
  #data = null;
  #grid = null;
  #resolution = 0;

  /** Draws on `canvas`, whose CSS size the layout fixes; `extent` is the half-width of the
   * square the grid covers (the core's viewExtent). */
  constructor(canvas, extent) {
    this.#canvas = canvas;
    this.#extent = extent;
    new ResizeObserver(() => requestAnimationFrame(() => this.draw())).observe(canvas);
  }

  /** The points to draw: the core's {classes, trainX, trainY, testX, testY}. */
  setData(data) {
    this.#data = data;
    this.#grid = null;
  }

  /** The network's probabilities on a `resolution` x `resolution` grid, row 0 at the top. */
  setGrid(probabilities, resolution) {
    this.#grid = probabilities;
    this.#resolution = resolution;
  }

  /** Redraws at the canvas's current size. */
  draw() {
    const canvas = this.#canvas;
    const ratio = devicePixelRatio || 1;
    const size = Math.round(canvas.clientWidth * ratio);
    if (size === 0) return;
    if (canvas.width !== size) canvas.width = canvas.height = size;
    const ctx = canvas.getContext("2d");
    const background = rgb(cssVar("bg"));
    const classes = Array.from({ length: CLASS_COLOURS }, (_, k) => cssVar(`class-${k}`));
    ctx.fillStyle = cssVar("bg");
    ctx.fillRect(0, 0, size, size);
    if (this.#grid && this.#data) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.#heatmap(background, classes.map(rgb)), 0, 0, size, size);
    }
    if (this.#data) this.#points(ctx, size, ratio, classes);
  }

  /** The grid as an image, one pixel per cell. */
  #heatmap(background, classColors) {
    const n = this.#resolution;
    const k = this.#data.classes;
    const image = new ImageData(n, n);
    for (let cell = 0; cell < n * n; cell++) {
      let cls, strength;
      if (k === 2) {
        const p = this.#grid[cell];
        cls = p >= 0.5 ? 1 : 0;
        strength = Math.abs(2 * p - 1);
      } else {
        const probs = this.#grid.subarray(cell * k, cell * k + k);
        cls = probs.indexOf(Math.max(...probs));
        strength = (probs[cls] - 1 / k) / (1 - 1 / k);
      }
      const target = classColors[cls % classColors.length];
      const t = STRENGTH * (Number.isFinite(strength) ? strength : 0);
      for (let c = 0; c < 3; c++) image.data[4 * cell + c] = background[c] + t * (target[c] - background[c]);
      image.data[4 * cell + 3] = 255;
    }
    const bitmap = new OffscreenCanvas(n, n);
    bitmap.getContext("2d").putImageData(image, 0, 0);
    return bitmap;
  }

  /** Training points filled, test points as rings, in their class colours. */
  #points(ctx, size, ratio, classes) {
    const { trainX, trainY, testX, testY } = this.#data;
    const scale = size / (2 * this.#extent);
    const px = (x) => (x + this.#extent) * scale;
    const py = (y) => (this.#extent - y) * scale;
    ctx.lineWidth = ratio;
    ctx.strokeStyle = cssVar("bg");
    for (let i = 0; i < trainY.length; i++) {
      ctx.fillStyle = classes[trainY[i] % classes.length];
      ctx.beginPath();
      ctx.arc(px(trainX[2 * i]), py(trainX[2 * i + 1]), TRAIN_RADIUS * ratio, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.lineWidth = 1.5 * ratio;
    for (let i = 0; i < testY.length; i++) {
      ctx.strokeStyle = classes[testY[i] % classes.length];
      ctx.beginPath();
      ctx.arc(px(testX[2 * i]), py(testX[2 * i + 1]), TEST_RADIUS * ratio, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
}
