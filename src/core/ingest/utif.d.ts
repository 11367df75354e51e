// The few calls of utif (CommonJS, untyped) the TIFF reader uses.
declare module 'utif' {
  interface Ifd {
    width: number
    height: number
    t256?: number[]
    t257?: number[]
  }
  const UTIF: {
    decode(buff: ArrayBuffer | Uint8Array): Ifd[]
    decodeImage(buff: ArrayBuffer | Uint8Array, img: Ifd, ifds?: Ifd[]): void
    toRGBA8(img: Ifd): Uint8Array
  }
  export default UTIF
}
