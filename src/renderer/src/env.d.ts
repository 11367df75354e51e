/// <reference types="svelte" />
declare module '*?url' {
  const url: string
  export default url
}
