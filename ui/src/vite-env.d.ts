// Types for what Vite's bundler supplies: imported images become URLs.
declare module "*.png" {
  const url: string;
  export default url;
}
