/**
 * The pixel buffer the EEG lanes are drawn into, and the small canvas that
 * carries it onto the chart (putImageData here, drawImage there, so the
 * lanes are composited over the grid instead of replacing it).
 */
export class LaneBuffer {
  private readonly canvas = document.createElement('canvas');
  private readonly context = this.canvas.getContext('2d');
  private image: ImageData | null = null;
  pixels = new Uint32Array(0);

  /** A cleared buffer of `width` x `height` device pixels. */
  prepare(width: number, height: number): this {
    if (this.image === null || this.image.width !== width || this.image.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.image = new ImageData(width, height);
      this.pixels = new Uint32Array(this.image.data.buffer);
    } else {
      this.pixels.fill(0);
    }
    return this;
  }

  /** The buffer as a drawable image. */
  commit(): HTMLCanvasElement {
    if (this.image !== null) this.context?.putImageData(this.image, 0, 0);
    return this.canvas;
  }
}
